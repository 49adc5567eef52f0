package io.proxyprompt;

import io.proxyprompt.cli.Cli;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as Main wires it: generated help, usage errors in one line with exit 2, the completion script. */
class CommandLineTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli(Main.commands()).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Every option each command had before picocli, by name: none was renamed or lost. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "segment", List.of("--support", "--mask", "--out", "--model", "--device", "--format", "--overwrite",
                    "--label-map", "--threads", "TARGET"),
            "bench", List.of("--model", "--targets", "--repeats", "--device", "--no-pytorch"),
            "evaluate", List.of("--pairs", "--supports", "--repeats", "--seed", "--model", "--device", "--objects",
                    "--csv", "--overwrite"),
            "info", List.of("FILE"),
            "convert", List.of("--in", "--out"),
            "wrap", List.of("--in", "--out", "--patient-name", "--patient-id", "--laterality", "--overwrite",
                    "--reproducible"),
            "adapt", List.of("--pairs", "--out", "--base", "--minutes", "--steps", "--holdout", "--seed", "--retain",
                    "--threads"));

    @Test
    void everyCommandHasGeneratedHelpNamingAllItsOptions() {
        for (Map.Entry<String, List<String>> c : OPTIONS.entrySet()) {
            assertEquals(0, run(c.getKey(), "--help"), err());
            assertTrue(out().startsWith("Usage: proxyprompt " + c.getKey()), out());
            for (String option : c.getValue()) {
                assertTrue(out().contains(option), c.getKey() + " --help names " + option + ":\n" + out());
            }
            assertEquals("", err());
            assertEquals(0, run("help", c.getKey()));
            assertTrue(out().startsWith("Usage: proxyprompt " + c.getKey()), out());
        }
    }

    @Test
    void theTopLevelHelpListsTheCommandsAndTheExitCodes() {
        assertEquals(0, run("--help"));
        for (String name : List.of("segment", "bench", "evaluate", "info", "convert", "wrap", "adapt",
                "generate-completion")) {
            assertTrue(out().contains("  " + name + " "), name + " in\n" + out());
        }
        assertTrue(out().contains("2   bad input") && out().contains("3   model or execution-device error"), out());
    }

    @Test
    void aMisspeltOptionExitsTwoInOneLineWithASuggestion() {
        assertEquals(2, run("segment", "--supprt", "a.png", "--out", "o", "t.png"));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("proxyprompt segment: Unknown option: '--supprt'; did you mean --support?"), err());
        assertTrue(err().contains("(see proxyprompt segment --help)"), err());
        assertEquals("", out());
    }

    @Test
    void aMisspeltCommandIsSuggested() {
        assertEquals(2, run("segmnt", "--out", "o"));
        assertEquals("proxyprompt: unknown command 'segmnt'; did you mean segment? (see proxyprompt --help)",
                err().strip());
    }

    @Test
    void aMissingValueNamesTheOption() {
        assertEquals(2, run("evaluate", "--pairs"));
        assertTrue(err().contains("Missing required parameter for option '--pairs'"), err());
        assertEquals(2, run("convert", "--in", "--out", "dir"));
        assertTrue(err().contains("Expected parameter for option '--in' but found '--out'"), err());
    }

    @Test
    void aBadValueSaysWhatIsExpected() {
        assertEquals(2, run("evaluate", "--pairs", "p", "--repeats", "many"));
        assertTrue(err().contains("'--repeats': needs a positive whole number, not 'many'"), err());
        assertEquals(2, run("wrap", "--in", "a.png", "--out", "a.dcm", "--laterality", "both"));
        assertTrue(err().contains("'--laterality': must be L or R, not 'both'"), err());
        assertEquals(2, run("segment", "--support", "s.png", "--mask", "d=m.png", "--out", "o", "--format", "jpg",
                "t.png"));
        assertTrue(err().contains("'--format': must be png, seg or both, not 'jpg'"), err());
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        assertEquals(2, run("segment", "--out", "o", "t.png"));
        assertTrue(err().contains("Missing required option: '--support=IMG'"), err());
        assertEquals(2, run("info"));
        assertTrue(err().contains("Missing required parameter: 'FILE'"), err());
    }

    @Test
    void theVersionIsTheBuildsVersion() {
        assertEquals(0, run("--version"));
        assertEquals("proxyprompt " + Cli.version(), out().strip());
    }

    @Test
    void theCompletionScriptCompletesCommandsOptionsAndDeviceWords() throws Exception {
        assertEquals(0, run("generate-completion"));
        String script = out();
        assertTrue(script.contains("complete -F _complete_proxyprompt"), script);
        Path file = Files.writeString(tmp.resolve("proxyprompt-completion.bash"), script);
        assertEquals("segment", complete(file, "proxyprompt", "segm"));
        assertEquals("--support", complete(file, "proxyprompt", "segment", "--supp"));
        assertEquals("auto cpu cuda", complete(file, "proxyprompt", "segment", "--device", ""));
        assertEquals("L R", complete(file, "proxyprompt", "wrap", "--laterality", ""));
    }

    /** What bash offers for the last word when the completion script is loaded, as one line. */
    private static String complete(Path script, String... words) throws Exception {
        ExternalTools.assumeOnPath("bash");
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('"').append(w).append("\" ");
        }
        String line = String.join(" ", words);
        String program = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE};"
                + " _complete_proxyprompt 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String reply = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash completion timed out");
        return reply;
    }
}
