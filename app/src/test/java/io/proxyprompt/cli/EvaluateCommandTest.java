package io.proxyprompt.cli;

import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateCommandTest {

    @TempDir
    Path tmp;

    private final CliFixtures io = new CliFixtures();
    private EvaluateCommand evaluate;
    private Path model;
    private Path pairs;

    @BeforeEach
    void setUp() throws Exception {
        model = TinyModel.copyTo(tmp);
        evaluate = new EvaluateCommand(new Images(List.of(new RasterImageReader())), new ModelLocator(tmp, null));
        pairs = Files.createDirectories(tmp.resolve("cases"));
        Path images = Files.createDirectories(pairs.resolve("images"));
        Path masks = Files.createDirectories(pairs.resolve("masks"));
        for (int i = 1; i <= 4; i++) {
            CliFixtures.image(images.resolve("case_0" + i + ".png"), 64, 64, i);
            CliFixtures.mask(masks.resolve("case_0" + i + "_disc.png"), CliFixtures.topLeft(64, 64));
        }
        // a second object on two cases only, beside the images (the flat layout)
        CliFixtures.mask(images.resolve("case_01_cup.png"), TinyModel.rect(64, 64, 32, 32, 64, 64));
        CliFixtures.mask(images.resolve("case_02_cup.png"), TinyModel.rect(64, 64, 32, 32, 64, 64));
    }

    @Test
    void clicksPrintDiceAfterEachClickAndNoCPerObjectWithAClickModel() throws Exception {
        Path clickModel = TinyModel.copyClicksTo(tmp);
        int rc = io.run(evaluate, "--pairs", pairs.toString(), "--objects", "disc", "--repeats", "1", "--clicks", "3",
                "--model", clickModel.toString(), "--device", "cpu", "--csv", tmp.resolve("c.csv").toString());
        assertEquals(0, rc, io.err());
        String line = io.out().lines().filter(l -> l.startsWith("clicks disc: ")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "clicks disc: dice_after 0:([0-9.]+) 1:[0-9.]+ 2:[0-9.]+ 3:[0-9.]+  NoC@85 ([0-9.]+)  NoC@90 ([0-9.]+)"
                        + " \\(capped at 3\\)").matcher(line);
        assertTrue(m.matches(), line);
        String disc = io.out().lines().filter(l -> l.startsWith("disc: ")).findFirst().orElseThrow();
        assertTrue(disc.contains(String.format(java.util.Locale.ROOT, "mean_dice %.4f", Double.parseDouble(m.group(1)))),
                "0 clicks is the automatic result: " + disc + " / " + line);
        for (int g = 2; g <= 3; g++) {
            double noc = Double.parseDouble(m.group(g));
            assertTrue(noc >= 0 && noc <= 3, line);
        }
    }

    @Test
    void clicksWithAModelThatTakesNoneSayWhatIsNeeded() throws Exception {
        int rc = io.run(evaluate, "--pairs", pairs.toString(), "--objects", "disc", "--clicks", "2",
                "--model", model.toString(), "--device", "cpu", "--csv", tmp.resolve("n.csv").toString());
        assertEquals(CliCommand.MODEL_ERROR, rc);
        assertTrue(io.err().contains("--clicks 2") && io.err().contains("click-trained model"), io.err());
    }

    @Test
    void reportsMeanSpreadAndWorstPerObjectAndWritesThePerImageCsv() throws Exception {
        Path csv = tmp.resolve("eval.csv");
        int rc = io.run(evaluate, "--pairs", pairs.toString(), "--supports", "1", "--repeats", "3", "--seed", "7",
                "--model", model.toString(), "--device", "cpu", "--csv", csv.toString());
        assertEquals(0, rc, io.err());
        String disc = io.out().lines().filter(l -> l.startsWith("disc: ")).findFirst().orElseThrow();
        assertTrue(disc.contains("mean_dice 0.9") && disc.contains("std_across_repeats 0.0000") && disc.contains("n=9"),
                disc);
        String cup = io.out().lines().filter(l -> l.startsWith("cup: ")).findFirst().orElseThrow();
        assertTrue(cup.contains("n=3"), cup);
        List<String> rows = Files.readAllLines(csv);
        assertEquals("repeat,object,target,supports,dice,predicted_px,truth_px,qc", rows.get(0));
        assertEquals(1 + 9 + 3, rows.size());
        long predicted = 0;
        long truth = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            if (f[1].equals("disc")) {
                predicted += Long.parseLong(f[5]);
                truth += Long.parseLong(f[6]);
            }
        }
        assertTrue(disc.endsWith(String.format(java.util.Locale.ROOT, "area_ratio %.2f", (double) predicted / truth)),
                "the printed ratio is the disc cases' predicted over expert pixels: " + disc);
        // the quality-flag line counts the CSV's failures (Dice < 0.5) with and good cases without a flag
        int failures = 0;
        int caught = 0;
        int good = 0;
        int goodFlagged = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            if (f[1].equals("disc")) {
                boolean flagged = !f[7].isEmpty();
                if (Double.parseDouble(f[4]) < 0.5) {
                    failures++;
                    caught += flagged ? 1 : 0;
                } else {
                    good++;
                    goodFlagged += flagged ? 1 : 0;
                }
            }
        }
        String qc = io.out().lines().filter(l -> l.startsWith("qc disc: ")).findFirst().orElseThrow();
        assertTrue(qc.startsWith("qc disc: caught " + caught + "/" + failures + " failures ("), qc);
        assertTrue(qc.contains("flagged " + goodFlagged + "/" + good + " good cases ("), qc);
        assertTrue(io.out().lines().anyMatch(l -> l.startsWith("qc all: caught ")), io.out());
    }

    @Test
    void theSameSeedDrawsTheSameSupports() throws Exception {
        String[] args = {"--pairs", pairs.toString(), "--repeats", "2", "--seed", "3", "--model", model.toString(),
                "--objects", "disc"};
        CliFixtures a = new CliFixtures();
        assertEquals(0, a.run(evaluate, concat(args, "--csv", tmp.resolve("a.csv").toString())));
        CliFixtures b = new CliFixtures();
        assertEquals(0, b.run(evaluate, concat(args, "--csv", tmp.resolve("b.csv").toString())));
        assertEquals(Files.readAllLines(tmp.resolve("a.csv")), Files.readAllLines(tmp.resolve("b.csv")));
    }

    @Test
    void tooFewCasesForKSupportsExitTwo() {
        int rc = io.run(evaluate, "--pairs", pairs.toString(), "--supports", "2", "--objects", "cup", "--model",
                model.toString());
        assertEquals(2, rc);
        assertTrue(io.err().contains("'cup' has 2 annotated case(s)"), io.err());
    }

    @Test
    void aMissingFolderExitsTwo() {
        assertEquals(2, io.run(evaluate, "--pairs", tmp.resolve("none").toString()));
        assertTrue(io.err().contains("pairs folder not found"), io.err());
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }
}
