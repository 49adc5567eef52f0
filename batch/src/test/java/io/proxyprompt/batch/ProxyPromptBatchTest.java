package io.proxyprompt.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyPromptBatchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return ProxyPromptBatch.run(BatchOptions.parse(args), SparkTestSession.get(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpAndBadOptionsNeedNoSpark() {
        assertEquals(0, ProxyPromptBatch.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(out.toString().contains("Usage: proxyprompt-batch"));
        assertEquals(2, ProxyPromptBatch.run(new String[] {"--out"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(errors().contains("--out needs a value"), errors());
    }

    @Test
    void aMissingSupportImageIsBadInputNamingTheFile(@TempDir Path dir) throws Exception {
        assertEquals(2, run("--support", dir.resolve("nowhere.jpg").toString(), "--mask", "disc=" + BatchFixture.DISC,
                "--out", dir.toString(), BatchFixture.SERIES.toString()));
        assertTrue(errors().contains("nowhere.jpg"), errors());
    }

    @Test
    void aMissingModelIsAModelError(@TempDir Path dir) throws Exception {
        assertEquals(3, run(BatchFixture.args("--model", dir.resolve("no-model").toString(), "--out",
                dir.toString(), BatchFixture.SERIES.toString())));
        assertTrue(errors().contains("model folder not found"), errors());
    }
}
