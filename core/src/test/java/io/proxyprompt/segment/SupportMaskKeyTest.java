package io.proxyprompt.segment;

import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SupportMaskKeyTest {

    private static String key(Mask m) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SupportPreparer.updateWithRuns(md, m);
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void masksWithTheSameInsidePixelsShareAKeyAndAnyOtherPixelChangesIt() throws Exception {
        Random rnd = new Random(7);
        Mask m = new Mask(257, 131);
        for (int i = 0; i < 9000; i++) {
            m.set(rnd.nextInt(257), rnd.nextInt(131), true);
        }
        String k = key(m);
        assertEquals(k, key(m.copy()));
        for (int trial = 0; trial < 200; trial++) {
            Mask other = m.copy();
            int x = rnd.nextInt(257);
            int y = rnd.nextInt(131);
            other.set(x, y, !other.get(x, y));
            assertNotEquals(k, key(other), "pixel " + x + "," + y);
        }
        assertNotEquals(key(new Mask(4, 4)), key(full(4, 4)));
    }

    @Test
    void theKeyIsWhatTheModelSeesInsideIsAnyNonZeroByte() throws Exception {
        Mask a = new Mask(10, 10);
        Mask b = new Mask(10, 10);
        a.data()[42] = (byte) 255;
        b.data()[42] = 1;
        assertEquals(key(a), key(b));
    }

    private static Mask full(int w, int h) {
        Mask m = new Mask(w, h);
        java.util.Arrays.fill(m.data(), (byte) 255);
        return m;
    }
}
