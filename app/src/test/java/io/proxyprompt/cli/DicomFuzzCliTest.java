package io.proxyprompt.cli;

import io.proxyprompt.dicom.DicomMutants;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.seg.SegReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DICOM commands under attack, as a user would meet them: seeded mutants of real files through {@code info}
 * and {@code convert} exit 0 or 2, say what is wrong in one line naming the file, never print a stack trace, and
 * stay within the parser's bounded-memory rule; the audit's worst files run in a child JVM whose heap is capped.
 */
class DicomFuzzCliTest {

    private static final long SEED = 20261130L;
    private static final int MUTANTS = Integer.getInteger("proxyprompt.fuzz.cliMutants", 300);
    /** Heap a command may use beyond the parser's budget: decoders, PNG writing, messages. */
    private static final long COMMAND_ALLOWANCE = 48L << 20;
    private static final String[] SEEDS = {"highdicom_seg_image_ct_binary.dcm", "pydicom_liver_rle.dcm",
            "pydicom_liver_deflate.dcm", "highdicom_seg_image_ct_true_fractional.dcm",
            "highdicom_seg_image_sm_control_labelmap.dcm", "pydicom_MR_small_RLE.dcm", "pydicom_image_dfl.dcm",
            "pydicom_SC_rgb_jpeg_dcmtk.dcm", "pydicom_MR_small_jp2klossless.dcm", "pydicom_emri_small.dcm"};

    @TempDir
    Path tmp;

    private record Outcome(int status, String out, String err, long allocated) { }

    private static Outcome run(String... args) {
        DicomParser parser = new DicomParser();
        PixelDecoder decoder = new PixelDecoder();
        Cli cli = new Cli(List.of(new InfoCommand(parser, decoder), new ConvertCommand(new SegReader(parser, decoder))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        int status = cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                allocated);
    }

    private static boolean hasStackTrace(String text) {
        return text.lines().anyMatch(l -> l.startsWith("\tat ") || l.matches(".*\\b(java|javax|io\\.proxyprompt)\\.[\\w.]*"
                + "(Exception|Error)\\b.*") || l.startsWith("Exception in thread"));
    }

    @Test
    void mutantsExitZeroOrTwoWithAMessageNeverATraceAndWithinTheMemoryRule() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String s : SEEDS) {
            seeds.add(Files.readAllBytes(resource(s)));
        }
        Random random = new Random(SEED);
        int[] refused = new int[1];
        long[] worst = new long[1];
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < MUTANTS; i++) {
                int which = random.nextInt(seeds.size());
                byte[] bytes = DicomMutants.mutate(seeds.get(which), random);
                Path file = DicomMutants.write(tmp, "m" + i + "_" + SEEDS[which], bytes);
                boolean seg = SEEDS[which].contains("seg") || SEEDS[which].contains("liver");
                Outcome o = seg ? run("convert", "--in", file.toString(), "--out", tmp.resolve("o" + i).toString())
                        : run("info", file.toString());
                String what = "mutant " + i + " of " + SEEDS[which] + " (" + (seg ? "convert" : "info") + ")";
                assertTrue(o.status() == 0 || o.status() == 2, what + " exited " + o.status() + "\n" + o.err());
                assertTrue(!hasStackTrace(o.out() + o.err()), what + " printed a stack trace:\n" + o.err());
                if (o.status() == 2) {
                    refused[0]++;
                    String first = o.err().lines().filter(l -> !l.contains(": BINARY SEG") && !l.contains(" SEG: a mask")
                            && !l.contains("LABELMAP SEG")).findFirst().orElse("");
                    assertTrue(first.startsWith("proxyprompt ") && first.contains(file.getFileName().toString()),
                            what + ": the message names the file: " + o.err());
                }
                long limit = DicomParser.memoryBudget(bytes.length) + COMMAND_ALLOWANCE;
                assertTrue(o.allocated() <= limit, what + " allocated " + (o.allocated() >> 20) + " MiB, more than "
                        + (limit >> 20));
                worst[0] = Math.max(worst[0], o.allocated());
            }
        });
        System.out.printf("cli fuzz: %d mutants, %d refused with exit 2, worst allocation %d MiB%n", MUTANTS,
                refused[0], worst[0] >> 20);
        assertTrue(refused[0] > MUTANTS / 10, "the mutants reached the error paths: " + refused[0]);
    }

    @Test
    void auditFilesAreRefusedInAJvmWithA256MiBHeap() throws Exception {
        Path frames = DicomMutants.segWithNumberOfFrames(tmp, "2147483647");
        Path billion = DicomMutants.segWithNumberOfFrames(tmp, "1000000000");
        Path bomb = DicomMutants.write(tmp, "bomb.dcm", DicomMutants.deflateBomb(640));
        Path items = DicomMutants.write(tmp, "items.dcm", DicomMutants.manyItems(3_000_000));
        for (List<String> args : List.of(
                List.of("convert", "--in", frames.toString(), "--out", tmp.resolve("a").toString()),
                List.of("convert", "--in", billion.toString(), "--out", tmp.resolve("b").toString()),
                List.of("info", frames.toString(), billion.toString(), bomb.toString(), items.toString()))) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                    "-cp", System.getProperty("java.class.path"), "io.proxyprompt.Main"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
            assertEquals(2, p.exitValue(), args + "\n" + output);
            assertTrue(!hasStackTrace(output), args + " printed a stack trace:\n" + output);
            for (String a : args) {
                if (a.endsWith(".dcm")) {
                    String name = Path.of(a).getFileName().toString();
                    assertTrue(output.contains(name + ": ") || output.contains(name + " at byte"),
                            "names " + name + ":\n" + output);
                }
            }
            System.out.print("audit file in 256 MiB: " + output);
        }
    }
}
