package io.proxyprompt.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A command that prints its arguments. */
    @CommandLine.Command(name = "echo", description = "prints its arguments")
    static final class Echo extends CliCommand {
        @Parameters(paramLabel = "WORDS")
        List<String> words = new ArrayList<>();

        @Override
        CliCommand copy() {
            return new Echo();
        }

        @Override
        public Integer call() {
            out.println(String.join(" ", words));
            return OK;
        }
    }

    private int run(String... args) {
        return new Cli(List.of(new Echo())).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
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
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: proxyprompt echo [-h] [WORDS...]"), help);
        assertTrue(help.contains("prints its arguments"), help);
    }

    @Test
    void commandRunsWithTheRemainingArguments() {
        assertEquals(0, run("echo", "a", "b"));
        assertEquals("a b", out.toString(StandardCharsets.UTF_8).strip());
    }
}
