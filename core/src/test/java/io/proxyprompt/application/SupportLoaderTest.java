package io.proxyprompt.application;

import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.segment.SupportSet;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupportLoaderTest {

    private static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));
    private final Images images = new Images(List.of(new DicomImageReader(), new RasterImageReader()));

    @Test
    void aSeriesSupportUsesTheFrameItNames() throws Exception {
        Path series = REPO.resolve("samples/series");
        SupportSet set = new SupportLoader(images).load(List.of(new SupportLoader.PairFiles(series, 2,
                Map.of("lesion", REPO.resolve("samples/series-masks/ct_03_lesion.png")))));
        assertEquals(images.open(series, io.proxyprompt.progress.ProgressListener.NONE,
                io.proxyprompt.progress.CancellationToken.never()).get(0).frame(2).origin().sopInstanceUid(),
                set.pairs().get(0).image().origin().sopInstanceUid(), "the third slice is the support");
    }

    @Test
    void aFrameTheImageDoesNotHaveIsRefusedNamingTheFile() {
        Path photo = REPO.resolve("samples/fundus/fundus_1.jpg");
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> new SupportLoader(images).load(List.of(
                new SupportLoader.PairFiles(photo, 1, Map.of("disc", REPO.resolve("samples/fundus/fundus_1_disc.png"))))));
        assertTrue(e.getMessage().contains("fundus_1.jpg") && e.getMessage().contains("has 1 frame(s)"),
                e.getMessage());
    }
}
