package io.proxyprompt.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private final Command echo = new Command() {
        public String name() { return "echo"; }
        public String summary() { return "prints its arguments"; }
        public String usage() { return "Usage: proxyprompt echo WORDS\n"; }
        public int run(List<String> args, PrintStream o, PrintStream e) {
            o.println(String.join(" ", args));
            return OK;
        }
    };

    private int run(String... args) {
        return new Cli(List.of(echo)).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("echo"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("prints its arguments"));
    }

    @Test
    void unknownCommandExitsTwoWithOneLine() {
        assertEquals(2, run("frobnicate"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count());
        assertTrue(message.contains("frobnicate"));
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("proxyprompt "));
    }

    @Test
    void commandHelpShowsItsUsageWithoutRunningIt() {
        assertEquals(0, run("echo", "--help"));
        assertEquals("Usage: proxyprompt echo WORDS\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandRunsWithTheRemainingArguments() {
        assertEquals(0, run("echo", "a", "b"));
        assertEquals("a b", out.toString(StandardCharsets.UTF_8).strip());
    }
}
