package io.proxyprompt.dicom;

import io.proxyprompt.dicom.pixel.DecodedFrame;
import io.proxyprompt.dicom.pixel.PixelDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared helpers for the DICOM tests: resource files, outside tools, synthetic data sets. */
public final class DicomTestSupport {

    private DicomTestSupport() {
    }

    /** A file under core/src/test/resources/dicom (read from the repository, so tests of other modules find it). */
    public static Path resource(String name) {
        Path file = Path.of(System.getProperty("proxyprompt.repo", "."), "core/src/test/resources/dicom", name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing test resource " + file);
        }
        return file;
    }

    /** Result of an outside tool. */
    public record ToolResult(int exit, String output) { }

    /** Runs a tool (60 s limit) and returns its exit status and merged output. */
    public static ToolResult run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " timed out");
            }
            return new ToolResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a tool and fails the test unless it exits 0. */
    public static String runOk(String... command) {
        ToolResult r = run(command);
        assertEquals(0, r.exit(), String.join(" ", command) + " failed:\n" + r.output());
        return r.output();
    }

    /** All samples of all frames of a file, decoded by our codec. */
    public static List<int[]> decodeAll(Path file) throws DicomParseException {
        DicomFile df = new DicomParser().read(file);
        PixelDecoder d = new PixelDecoder();
        List<int[]> frames = new ArrayList<>();
        for (int i = 0; i < d.frameCount(df); i++) {
            frames.add(samples(d.decode(df, i)));
        }
        return frames;
    }

    public static int[] samples(DecodedFrame f) {
        int[] s = new int[f.pixels().length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = f.pixels().sample(i);
        }
        return s;
    }

    /** A minimal single- or multi-frame image data set with native pixel data (Explicit VR LE when written). */
    public static DicomObject image(int rows, int cols, int samples, int bits, boolean signed, String photometric,
                                    int frames, byte[] pixelData) {
        DicomObject ds = new DicomObject();
        ds.setString(Tag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, Uids.create());
        ds.setString(Tag.StudyInstanceUID, Uids.create());
        ds.setString(Tag.SeriesInstanceUID, Uids.create());
        ds.setString(Tag.Modality, "OT");
        ds.setString(Tag.PatientName, "Test^Patient");
        ds.setString(Tag.PatientID, "T1");
        ds.setInt(Tag.Rows, rows);
        ds.setInt(Tag.Columns, cols);
        ds.setInt(Tag.SamplesPerPixel, samples);
        ds.setString(Tag.PhotometricInterpretation, photometric);
        if (samples == 3) {
            ds.setInt(Tag.PlanarConfiguration, 0);
        }
        ds.setInt(Tag.BitsAllocated, bits);
        ds.setInt(Tag.BitsStored, bits);
        ds.setInt(Tag.HighBit, bits - 1);
        ds.setInt(Tag.PixelRepresentation, signed ? 1 : 0);
        if (frames > 1) {
            ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
        }
        ds.setBytes(Tag.PixelData, bits == 16 ? VR.OW : VR.OB, pixelData);
        return ds;
    }

    /** Synthetic "fundus" RGB: a dark disc of retina with a bright optic disc and a few vessels. */
    public static byte[] fundusRgb(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - w / 2.0;
                double dy = y - h / 2.0;
                boolean retina = dx * dx + dy * dy < (w * 0.45) * (w * 0.45);
                boolean disc = Math.pow(x - w * 0.7, 2) + Math.pow(y - h * 0.5, 2) < (w * 0.08) * (w * 0.08);
                boolean vessel = Math.abs(y - h * 0.5 - 0.3 * (x - w * 0.7)) < 1.5 && retina;
                int r = retina ? 150 + (x * 40 / w) : 0;
                int g = retina ? 60 + (y * 30 / h) : 0;
                int b = retina ? 20 : 0;
                if (vessel) {
                    r = 90;
                    g = 20;
                    b = 10;
                }
                if (disc) {
                    r = 250;
                    g = 220;
                    b = 150;
                }
                int o = (y * w + x) * 3;
                rgb[o] = (byte) r;
                rgb[o + 1] = (byte) g;
                rgb[o + 2] = (byte) b;
            }
        }
        return rgb;
    }
}
