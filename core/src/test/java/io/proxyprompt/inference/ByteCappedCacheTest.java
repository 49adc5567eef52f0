package io.proxyprompt.inference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte cap, the counters and the lookups the engine relies on. */
class ByteCappedCacheTest {

    private static ByteCappedCache<byte[]> cache(long cap) {
        return new ByteCappedCache<>(cap, v -> v.length);
    }

    @Test
    void theTotalNeverExceedsTheCapAfterAPut() {
        ByteCappedCache<byte[]> c = cache(1000);
        for (int i = 0; i < 50; i++) {
            c.put("k" + i, new byte[100 + i]);
            assertTrue(c.sizeBytes() <= 1000, "after put " + i + ": " + c.sizeBytes());
        }
        assertTrue(c.peakBytes() <= 1000 && c.peakBytes() >= c.sizeBytes());
        assertTrue(c.entries() >= 6 && c.entries() <= 9, c.entries() + " entries of 100-149 bytes under 1000");
    }

    @Test
    void aValueLargerThanTheCapIsNotKeptAndAReplacedValueIsWeighedOnce() {
        ByteCappedCache<byte[]> c = cache(1000);
        c.put("big", new byte[1001]);
        assertNull(c.get("big"));
        assertEquals(0, c.sizeBytes());
        c.put("a", new byte[300]);
        c.put("a", new byte[400]);
        assertEquals(400, c.sizeBytes());
        assertEquals(1, c.entries());
    }

    @Test
    void hitsAndMissesAreCountedButContainsIsNot() {
        ByteCappedCache<byte[]> c = cache(1000);
        c.put("a", new byte[10]);
        assertEquals(10, c.get("a").length);
        assertNull(c.get("b"));
        assertTrue(c.contains("a"));
        assertEquals(1, c.hits());
        assertEquals(1, c.misses());
        c.clear();
        assertEquals(0, c.entries());
        assertEquals(0, c.sizeBytes());
    }

    @Test
    void aZeroCapKeepsNothingAndANegativeOneIsRefused() {
        ByteCappedCache<byte[]> c = cache(0);
        c.put("a", new byte[1]);
        assertNull(c.get("a"));
        assertThrows(IllegalArgumentException.class, () -> cache(-1));
    }
}
