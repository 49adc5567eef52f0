package io.proxyprompt.ui;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench --workstation}'s options: the defaults, and a bad option named with what to write. */
class BenchOptionsTest {

    @Test
    void theDefaultsAreFiftyTargetsThreeRepeatsAndTheStartUp() {
        BenchOptions o = BenchOptions.parse(List.of("--workstation"));
        assertEquals(new BenchOptions(null, 50, 3, null, true, false), o);
        BenchOptions given = BenchOptions.parse(List.of("--workstation", "--images", "photos", "--targets", "200",
                "--open-only", "--no-startup"));
        assertEquals(new BenchOptions(Path.of("photos"), 200, 3, null, false, true), given);
    }

    @Test
    void aBadOptionIsNamedWithWhatToWrite() {
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--workstation", "--fast"))).getMessage();
        assertTrue(unknown.startsWith("unknown option --fast; use --images DIR"), unknown);
        String zero = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--targets", "0"))).getMessage();
        assertEquals("--targets takes a positive whole number, not 0", zero);
        String missing = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--images"))).getMessage();
        assertEquals("--images needs a value", missing);
    }
}
