package io.proxyprompt.export;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportTest {

    @TempDir
    Path tmp;

    @Test
    void maskPngRoundTripsAsZeroAnd255() throws Exception {
        Mask m = TinyModel.rect(17, 9, 3, 2, 10, 7);
        Path p = tmp.resolve("out/disc.png");
        MaskFiles.write(p, m, AtomicFiles.Existing.REFUSE);
        assertEquals(m, MaskFiles.read(p));
        Mat raw = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_UNCHANGED);
        try {
            assertEquals(1, raw.channels());
            assertEquals(255.0, raw.get(2, 3)[0]);
            assertEquals(0.0, raw.get(0, 0)[0]);
        } finally {
            raw.release();
        }
    }

    @Test
    void writingNeverOverwritesSilentlyAndLeavesNoTempFiles() throws Exception {
        Path p = tmp.resolve("disc.png");
        MaskFiles.write(p, TinyModel.rect(4, 4, 0, 0, 2, 2), AtomicFiles.Existing.REFUSE);
        byte[] first = Files.readAllBytes(p);
        assertThrows(FileAlreadyExistsException.class, () -> MaskFiles.write(p, TinyModel.rect(4, 4, 0, 0, 4, 4),
                AtomicFiles.Existing.REFUSE));
        assertEquals(List.of(first.length), List.of(Files.readAllBytes(p).length));
        MaskFiles.write(p, TinyModel.rect(4, 4, 0, 0, 4, 4), AtomicFiles.Existing.REPLACE);
        assertEquals(16, MaskFiles.read(p).area());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("disc.png"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void labelMapNumbersObjectsFromOneInOrder() throws Exception {
        Mask disc = TinyModel.rect(10, 10, 0, 0, 8, 8);
        Mask cup = TinyModel.rect(10, 10, 2, 2, 4, 4);
        Path p = tmp.resolve("labels.png");
        PngMasks.writeLabelMap(List.of(disc, cup), p, false);
        Mat raw = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_UNCHANGED);
        try {
            assertEquals(1.0, raw.get(0, 0)[0]);
            assertEquals(2.0, raw.get(3, 3)[0]);
            assertEquals(0.0, raw.get(9, 9)[0]);
        } finally {
            raw.release();
        }
    }

    @Test
    void aMissingMaskFileIsNamed() {
        Exception e = assertThrows(java.io.IOException.class, () -> MaskFiles.read(tmp.resolve("nope_disc.png")));
        assertTrue(e.getMessage().contains("nope_disc.png"));
    }
}
