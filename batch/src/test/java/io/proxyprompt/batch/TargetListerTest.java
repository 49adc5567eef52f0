package io.proxyprompt.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetListerTest {

    private final TargetLister lister = new TargetLister(ExecutorEngines.images());

    @Test
    void manifestEntriesFoldersAndGlobsBecomeUniquelyNamedTargetsInInputOrder(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("eye.jpg"), "x");
        Files.writeString(b.resolve("eye.jpg"), "x");
        Files.writeString(b.resolve("eye.png"), "x");
        Files.writeString(b.resolve(".hidden.jpg"), "x");
        Path manifest = dir.resolve("list.csv");
        Files.write(manifest, List.of("id,path", "1,a/eye.jpg", "2," + b.resolve("eye.jpg"), "3,", "4,a/eye.jpg"));

        TargetLister.Listing l = lister.list(SparkTestSession.get(), List.of(manifest.toString()),
                List.of(dir.resolve("b") + "/*.png", BatchFixture.SERIES.toString()));

        assertEquals(List.of(a.resolve("eye.jpg").toString(), b.resolve("eye.jpg").toString(),
                b.resolve("eye.png").toString(), BatchFixture.SERIES.toString()),
                l.targets().stream().map(TargetSpec::key).toList());
        assertEquals(List.of("eye", "eye.jpg", "eye.png", "series"),
                l.targets().stream().map(TargetSpec::name).toList(), "the names segment gives these files");
        assertEquals(1, l.duplicates(), "a/eye.jpg is listed twice");
    }

    @Test
    void aManifestWithoutAPathColumnOrAGlobThatMatchesNothingIsRefused(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("list.csv");
        Files.write(manifest, List.of("id,file_name", "1,a.jpg"));
        BatchInputException e = assertThrows(BatchInputException.class,
                () -> lister.list(SparkTestSession.get(), List.of(manifest.toString()), List.of()));
        assertTrue(e.getMessage().contains("none named 'path'"), e.getMessage());
        e = assertThrows(BatchInputException.class,
                () -> lister.list(SparkTestSession.get(), List.of(), List.of(dir + "/*.dcm")));
        assertTrue(e.getMessage().contains("no file matches"), e.getMessage());
    }

    @Test
    void urisOfOtherFileSystemsStayUrisAndFileUrisBecomePaths() {
        assertTrue(TargetSpec.isRemote("hdfs://nn:8020/archive/a.jpg"));
        assertTrue(TargetSpec.isRemote("s3a://bucket/a.dcm"));
        assertEquals(false, TargetSpec.isRemote("file:///data/a.jpg"));
        assertEquals(false, TargetSpec.isRemote("C:\\data\\a.jpg"));
        assertEquals("/data/a.jpg", TargetSpec.keyOf("file:///data/x/../a.jpg"));
        assertEquals("hdfs://nn:8020/archive/a.jpg", TargetSpec.keyOf("hdfs://nn:8020/archive/./a.jpg"));
    }
}
