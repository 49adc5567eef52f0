package io.proxyprompt.export;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.segment.SegmentationResult;
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
        PngMasks.writeMask(m, p, false);
        assertEquals(m, PngMasks.readMask(p));
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
        PngMasks.writeMask(TinyModel.rect(4, 4, 0, 0, 2, 2), p, false);
        byte[] first = Files.readAllBytes(p);
        assertThrows(FileAlreadyExistsException.class, () -> PngMasks.writeMask(TinyModel.rect(4, 4, 0, 0, 4, 4), p,
                false));
        assertEquals(List.of(first.length), List.of(Files.readAllBytes(p).length));
        PngMasks.writeMask(TinyModel.rect(4, 4, 0, 0, 4, 4), p, true);
        assertEquals(16, PngMasks.readMask(p).area());
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
    void csvHasAreasAndTheCupToDiscRatio() {
        SegmentationResult r = new SegmentationResult("IDRiD_17", null, List.of(
                new SegmentationResult.ObjectResult("disc", TinyModel.rect(50, 50, 10, 10, 40, 40), 0.9f),
                new SegmentationResult.ObjectResult("cup", TinyModel.rect(50, 50, 20, 19, 30, 34), 0.8f)),
                new SegmentationResult.Timings(0, 0, 0, 0, 0, false));
        String csv = MeasurementsCsv.format(List.of(r));
        assertEquals(MeasurementsCsv.HEADER + "\n"
                + "IDRiD_17,disc,900,0.9000,0.5000\n"
                + "IDRiD_17,cup,150,0.8000,0.5000\n", csv);
        assertTrue(MeasurementsCsv.quote("a,b").equals("\"a,b\""));
    }

    @Test
    void aMissingMaskFileIsNamed() {
        Exception e = assertThrows(java.io.IOException.class, () -> PngMasks.readMask(tmp.resolve("nope_disc.png")));
        assertTrue(e.getMessage().contains("nope_disc.png"));
    }
}
