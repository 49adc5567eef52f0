package io.proxyprompt.image;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one rule for what a folder holds, shared by the workstation and the command line. */
class ImagesExpandTest {

    @TempDir
    Path tmp;

    private final Images images = new Images(List.of(new DicomImageReader(), new RasterImageReader()));

    @Test
    void dicomFilesNamedByTheirUidsOpenAsOneSeries() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("study"));
        try (Stream<Path> s = Files.list(resource("series_ct/17106.dcm").getParent())) {
            int i = 0;
            for (Path f : s.sorted().toList()) {
                Files.copy(f, folder.resolve("1.2.826.0.1.3680043.8.498." + (i++)));
            }
        }
        assertEquals(List.of(folder), images.expand(folder));
        List<ImageStack> stacks = images.open(folder, ProgressListener.NONE, CancellationToken.never());
        assertEquals(1, stacks.size());
        assertEquals(4, stacks.get(0).frameCount());
    }

    @Test
    void aFolderOfPhotographsOpensFileByFileAndReportsWhatIsNotAnImage() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("photos"));
        Files.write(folder.resolve("b.png"), new byte[] {1});
        Files.write(folder.resolve("a.png"), new byte[] {1});
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Files.writeString(folder.resolve(".hidden"), "skipped");
        assertEquals(List.of(folder.resolve("a.png"), folder.resolve("b.png"), folder.resolve("notes.txt")),
                images.expand(folder));
    }

    @Test
    void aMixedFolderGivesItsSeriesOnceAndItsPhotographsOneByOne() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(resource("series_ct/17106.dcm"), folder.resolve("ct.dcm"));
        Files.write(folder.resolve("photo.jpg"), new byte[] {1});
        assertEquals(List.of(folder, folder.resolve("photo.jpg")), images.expand(folder));
    }
}
