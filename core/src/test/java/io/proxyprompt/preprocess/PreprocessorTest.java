package io.proxyprompt.preprocess;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.mask.MaskOps;
import org.junit.jupiter.api.Test;

import static io.proxyprompt.testing.TestMasks.disc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreprocessorTest {

    private final Preprocessor pre = new Preprocessor(32, Normalization.SAM);

    @Test
    void longestSideBecomesTheInputSizeAndAspectIsKept() {
        Geometry g = Geometry.fit(1024, 680, 256);
        assertEquals(256, g.scaledWidth());
        assertEquals(170, g.scaledHeight());
        Geometry tall = Geometry.fit(999, 960, 256);
        assertEquals(256, tall.scaledWidth());
        assertEquals(246, tall.scaledHeight());
        assertEquals(new Geometry(10, 20, 16, 32, 32), Geometry.fit(10, 20, 32));
    }

    @Test
    void pixelsAreNormalisedPerChannelInRgbOrderAndPaddingIsZero() {
        int w = 32;
        int h = 16;
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) 200;
            rgb[3 * i + 1] = (byte) 100;
            rgb[3 * i + 2] = (byte) 50;
        }
        PreparedImage p = pre.prepareRgb(rgb, w, h);
        float[] t = p.tensor();
        assertEquals((200 - 123.675) / 58.395, t[0], 1e-5);
        assertEquals((100 - 116.28) / 57.12, t[32 * 32], 1e-5);
        assertEquals((50 - 103.53) / 57.375, t[2 * 32 * 32 + 15 * 32 + 31], 1e-5);
        for (int c = 0; c < 3; c++) {
            for (int y = 16; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(0f, t[c * 1024 + y * 32 + x], "padding below the image is 0 after normalising");
                }
            }
        }
    }

    @Test
    void theContentKeyDependsOnPixelsAndSize() {
        byte[] a = new byte[12 * 3];
        byte[] b = a.clone();
        b[5] = 1;
        assertEquals(Preprocessor.contentKey(a, 4, 3), Preprocessor.contentKey(a.clone(), 4, 3));
        assertNotEquals(Preprocessor.contentKey(a, 4, 3), Preprocessor.contentKey(b, 4, 3));
        assertNotEquals(Preprocessor.contentKey(a, 4, 3), Preprocessor.contentKey(a, 3, 4));
    }

    @Test
    void aPhotographShownAsDecodedIsKeyedByItsFileAndAnythingElseByItsPixels() {
        byte[] rgb = new byte[12 * 3];
        java.nio.file.Path file = java.nio.file.Path.of("eye.jpg");
        io.proxyprompt.image.Frame photo = io.proxyprompt.image.Frame.photo(4, 3, 3, rgb,
                io.proxyprompt.image.FrameOrigin.ofEncoded(file, new byte[] {1, 2, 3}, "opencv"));
        io.proxyprompt.image.Frame sameFile = io.proxyprompt.image.Frame.photo(4, 3, 3, rgb.clone(),
                io.proxyprompt.image.FrameOrigin.ofEncoded(file, new byte[] {1, 2, 3}, "opencv"));
        io.proxyprompt.image.Frame otherDecoder = io.proxyprompt.image.Frame.photo(4, 3, 3, rgb.clone(),
                io.proxyprompt.image.FrameOrigin.ofEncoded(file, new byte[] {1, 2, 3}, "turbojpeg"));
        io.proxyprompt.image.Frame otherFile = io.proxyprompt.image.Frame.photo(4, 3, 3, rgb.clone(),
                io.proxyprompt.image.FrameOrigin.ofEncoded(file, new byte[] {1, 2, 4}, "opencv"));
        String key = Preprocessor.contentKey(photo, io.proxyprompt.image.FrameRenderer.rgb8View(photo));
        assertTrue(key.startsWith("encoded:"), key);
        assertEquals(key, Preprocessor.contentKey(sameFile, io.proxyprompt.image.FrameRenderer.rgb8View(sameFile)));
        assertNotEquals(key, Preprocessor.contentKey(otherDecoder,
                io.proxyprompt.image.FrameRenderer.rgb8View(otherDecoder)));
        assertNotEquals(key, Preprocessor.contentKey(otherFile, io.proxyprompt.image.FrameRenderer.rgb8View(otherFile)));

        // pixels rendered for the model (a grey frame windowed into RGB) are hashed: a window changes them
        io.proxyprompt.image.Frame grey = new io.proxyprompt.image.Frame(4, 3, 1,
                new io.proxyprompt.common.PixelBuffer.Bytes(new byte[12]), 1, 0, null, false,
                io.proxyprompt.image.FrameOrigin.ofEncoded(file, new byte[] {1, 2, 3}, "opencv"));
        byte[] greyRgb = io.proxyprompt.image.FrameRenderer.rgb8View(grey);
        assertEquals(Preprocessor.contentKey(greyRgb, 4, 3), Preprocessor.contentKey(grey, greyRgb));
    }

    @Test
    void supportMasksAreNearestResizedToZeroOneAndPadded() {
        Mask m = new Mask(64, 32);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                m.set(x, y, true);
            }
        }
        float[] p = pre.prepareMask(m);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                float expected = (y < 16 && x < 16) ? 1f : 0f;
                assertEquals(expected, p[y * 32 + x], "at " + x + "," + y);
            }
        }
    }

    /** A mask mapped into the model square and back (as logits are) is the same mask. */
    @Test
    void geometryRoundTripsExactlyWhenTheScaleIsOne() {
        Mask original = disc(32, 20, 14, 9, 7);
        Mask back = roundTrip(original);
        assertEquals(original, back);
    }

    @Test
    void geometryRoundTripsExactlyForBlockAlignedBandsAtIntegerScales() {
        // (a 2-D corner is rounded by the bilinear upsampling of logits, so the exact check uses a full-width band)
        Mask original = new Mask(128, 80);
        for (int y = 8; y < 40; y++) {
            for (int x = 0; x < 128; x++) {
                original.set(x, y, true);
            }
        }
        assertEquals(original, roundTrip(original));
    }

    @Test
    void geometryRoundTripKeepsArbitraryShapesAtArbitraryScales() {
        Mask original = disc(999, 960, 700, 480, 120);
        Mask back = roundTrip(original, new Preprocessor(256, Normalization.SAM));
        assertEquals(999, back.width());
        assertEquals(960, back.height());
        assertTrue(MaskMetrics.dice(original, back) > 0.98, "Dice " + MaskMetrics.dice(original, back));
    }

    @Test
    void coordinatesMapThereAndBack() {
        Geometry g = Geometry.fit(1024, 680, 256);
        double[] in = g.toInput(1024, 680);
        assertArrayEquals(new double[] {256, 170}, in, 1e-9);
        double[] back = g.toOriginal(in[0], in[1]);
        assertArrayEquals(new double[] {1024, 680}, back, 1e-9);
    }

    private Mask roundTrip(Mask m) {
        return roundTrip(m, pre);
    }

    private static Mask roundTrip(Mask m, Preprocessor pre) {
        int s = pre.inputSize();
        float[] square = pre.prepareMask(m);
        float[] logits = new float[square.length];
        for (int i = 0; i < square.length; i++) {
            logits[i] = square[i] * 2 - 1;
        }
        return io.proxyprompt.segment.LogitMasks.toMask(logits, 0, s, Geometry.fit(m.width(), m.height(), s), 0f);
    }
}
