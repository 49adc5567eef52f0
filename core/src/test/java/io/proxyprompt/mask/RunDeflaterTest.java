package io.proxyprompt.mask;

import io.proxyprompt.common.OpenCv;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run coder writes zlib streams and PNGs that zlib and libpng read back to the same bytes. */
class RunDeflaterTest {

    private static byte[] inflate(byte[] zlib, int size) throws DataFormatException {
        Inflater in = new Inflater();
        in.setInput(zlib);
        byte[] out = new byte[size + 16];
        int n = 0;
        while (!in.finished()) {
            int got = in.inflate(out, n, out.length - n);
            assertTrue(got > 0 || in.finished(), "the stream ended early");
            n += got;
        }
        assertEquals(0, in.getRemaining(), "bytes after the stream");
        in.end(); // a wrong Adler-32 makes inflate throw before this
        return Arrays.copyOf(out, n);
    }

    private static byte[] rows(int w, int h, byte[] grey) {
        byte[] f = new byte[(w + 1) * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(grey, y * w, f, y * (w + 1) + 1, w);
        }
        return f;
    }

    private static void assertRoundTrip(int w, int h, byte[] grey, String what) throws DataFormatException {
        byte[] z = RunDeflater.deflateRows(w, h, grey);
        assertArrayEquals(rows(w, h, grey), inflate(z, (w + 1) * h), what + ": zlib");
        OpenCv.load();
        MatOfByte png = new MatOfByte(GreyPng.encodeRuns(w, h, grey));
        Mat back = Imgcodecs.imdecode(png, Imgcodecs.IMREAD_UNCHANGED);
        byte[] pixels = new byte[w * h];
        back.get(0, 0, pixels);
        assertEquals(w, back.cols(), what);
        assertEquals(h, back.rows(), what);
        assertArrayEquals(grey, pixels, what + ": libpng");
        back.release();
        png.release();
    }

    @Test
    void runsOfEveryLengthAroundTheMatchLimitsComeBackExactly() throws DataFormatException {
        for (int run : new int[] {1, 2, 3, 4, 5, 257, 258, 259, 260, 261, 262, 516, 517, 518, 519, 1000}) {
            int w = run + 7;
            byte[] g = new byte[w * 3];
            Arrays.fill(g, w, w + run, (byte) 255);
            Arrays.fill(g, 2 * w + 3, 2 * w + 3 + Math.min(run, w - 3), (byte) 9);
            assertRoundTrip(w, 3, g, "run " + run);
        }
    }

    @Test
    void masksLabelMapsAndNoiseComeBackExactly() throws DataFormatException {
        Random r = new Random(11);
        int w = 613;
        int h = 411;
        byte[] disc = new byte[w * h];
        byte[] labels = new byte[w * h];
        byte[] vessels = new byte[w * h];
        byte[] noise = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double d = Math.hypot(x - 300, y - 200);
                disc[i] = d < 120 ? (byte) 255 : 0;
                labels[i] = (byte) (d < 40 ? 2 : d < 120 ? 1 : 0);
                vessels[i] = (x * 7 + y * 3) % 23 < 2 ? (byte) 255 : 0;
                noise[i] = (byte) r.nextInt(256);
            }
        }
        assertRoundTrip(w, h, disc, "disc");
        assertRoundTrip(w, h, labels, "label map");
        assertRoundTrip(w, h, vessels, "vessels");
        assertRoundTrip(w, h, noise, "noise");
        assertRoundTrip(w, h, new byte[w * h], "empty");
        byte[] full = new byte[w * h];
        Arrays.fill(full, (byte) 255);
        assertRoundTrip(w, h, full, "full");
        assertRoundTrip(1, 1, new byte[] {(byte) 255}, "one pixel");
        assertRoundTrip(1, 300, Arrays.copyOf(noise, 300), "one column");
    }

    @Test
    void aDiscMaskIsAsSmallAsZlibMakesIt() {
        int w = 2448;
        int h = 1632;
        byte[] disc = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                disc[y * w + x] = Math.hypot(x - 800, y - 600) < 200 ? (byte) 255 : 0;
            }
        }
        int runs = GreyPng.encodeRuns(w, h, disc).length;
        int zlib = GreyPng.encode(w, h, disc, 2).length;
        assertTrue(runs < 1.5 * zlib, "run coder " + runs + " B, zlib level 2 " + zlib + " B");
    }
}
