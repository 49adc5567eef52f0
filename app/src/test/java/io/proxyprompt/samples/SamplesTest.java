package io.proxyprompt.samples;

import io.proxyprompt.cli.WrapCommand;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped samples/ folder: present, consistent, readable by our readers, valid DICOM, reproducible. */
class SamplesTest {

    static final Path SAMPLES = Path.of("samples");
    static final List<String> FUNDUS = List.of("fundus_1", "fundus_2", "fundus_3", "fundus_4");
    static final List<String> OBJECTS = List.of("disc", "cup", "vessel");
    static final List<String> REAL = List.of("IDRiD_03", "IDRiD_19", "IDRiD_20");
    static final Path FUNDUS_OPEN = Path.of(System.getenv().getOrDefault("FUNDUS_OPEN", "/work/shared/fundus-open"));

    private final Images raster = new Images(List.of(new RasterImageReader()));
    private final Images dicom = new Images(List.of(new DicomImageReader(new DicomParser(), new PixelDecoder())));

    @TempDir
    Path tmp;

    static Map<String, String> listedChecksums() throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SAMPLES.resolve("SHA256SUMS"))) {
            String[] parts = line.split("\\s+", 2);
            sums.put(parts[1].strip(), parts[0]);
        }
        return sums;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static List<Path> dicomSamples() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("dicom", "series")) {
            try (Stream<Path> s = Files.list(SAMPLES.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void everyGeneratedSampleIsPresentAndMatchesItsListedChecksum() throws Exception {
        Map<String, String> sums = listedChecksums();
        assertEquals(40, sums.size(), "4 x (image + 3 masks) + 2 DICOM photos + 8 CT slices + 8 lesion masks"
                + " + 3 real photographs with their disc masks");
        for (String stem : REAL) {
            assertTrue(sums.containsKey("real/" + stem + ".jpg") && sums.containsKey("real/" + stem + "_disc.png"),
                    stem);
        }
        for (Map.Entry<String, String> e : sums.entrySet()) {
            Path file = SAMPLES.resolve(e.getKey());
            assertTrue(Files.isRegularFile(file), file + " is listed in SHA256SUMS but missing");
            assertEquals(e.getValue(), sha256(file), file + " changed without regenerating SHA256SUMS");
        }
        for (String stem : FUNDUS) {
            assertTrue(sums.containsKey("fundus/" + stem + ".jpg"), stem);
            for (String object : OBJECTS) {
                assertTrue(sums.containsKey("fundus/" + stem + "_" + object + ".png"), stem + " " + object);
            }
        }
        long bytes;
        try (Stream<Path> all = Files.walk(SAMPLES)) {
            bytes = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 4.5 * 1024 * 1024, "samples/ should stay small, is " + bytes + " bytes");
    }

    @Test
    void theRealPhotographsOpenWithBinaryDiscMasksOfTheirSize() throws Exception {
        for (String stem : REAL) {
            Frame image = raster.openFrame(SAMPLES.resolve("real/" + stem + ".jpg"));
            Frame mask = raster.openFrame(SAMPLES.resolve("real/" + stem + "_disc.png"));
            assertEquals(3, image.channels(), stem);
            assertEquals(image.width(), mask.width(), stem);
            assertEquals(image.height(), mask.height(), stem);
            int inside = 0;
            for (int i = 0; i < mask.pixels().length(); i++) {
                int v = mask.pixels().sample(i);
                assertTrue(v == 0 || v == 255, stem + " mask holds " + v);
                inside += v == 255 ? 1 : 0;
            }
            double share = inside / (double) (mask.width() * mask.height());
            assertTrue(share > 0.01 && share < 0.04, stem + ": a disc covers 1-4 % of an IDRiD photograph, not " + share);
        }
        String readme = Files.readString(SAMPLES.resolve("README.md"));
        assertTrue(readme.contains("CC BY 4.0") && readme.contains("doi:10.3390/data3030025"), "IDRiD is credited");
    }

    @Test
    void masksAreBinaryTheirImagesSizeAndTheCupLiesInTheDisc() throws Exception {
        for (String stem : FUNDUS) {
            Frame image = raster.openFrame(SAMPLES.resolve("fundus/" + stem + ".jpg"));
            assertEquals(3, image.channels(), stem);
            assertTrue(image.width() >= 700 && image.height() >= 700, stem + " is " + image.width() + "x" + image.height());
            Map<String, boolean[]> inside = new LinkedHashMap<>();
            for (String object : OBJECTS) {
                Path maskFile = SAMPLES.resolve("fundus/" + stem + "_" + object + ".png");
                Frame mask = raster.openFrame(maskFile);
                assertEquals(1, mask.channels(), maskFile + " must be single-channel");
                assertEquals(image.width(), mask.width(), maskFile + " width");
                assertEquals(image.height(), mask.height(), maskFile + " height");
                boolean[] in = new boolean[mask.pixels().length()];
                int count = 0;
                for (int i = 0; i < in.length; i++) {
                    int v = mask.pixels().sample(i);
                    assertTrue(v == 0 || v == 255, maskFile + " holds " + v + " at " + i);
                    in[i] = v == 255;
                    count += in[i] ? 1 : 0;
                }
                assertTrue(count > 200, maskFile + " is (nearly) empty: " + count);
                inside.put(object, in);
            }
            int cup = 0;
            int cupInDisc = 0;
            for (int i = 0; i < inside.get("cup").length; i++) {
                if (inside.get("cup")[i]) {
                    cup++;
                    cupInDisc += inside.get("disc")[i] ? 1 : 0;
                }
            }
            assertTrue(cupInDisc >= 0.99 * cup, stem + ": cup must lie inside the disc (" + cupInDisc + "/" + cup + ")");
        }
    }

    @Test
    void dicomPhotosOpenWithOurReaderAndHoldTheSamePixelsAsTheirJpeg() throws Exception {
        for (String stem : List.of("fundus_1", "fundus_2")) {
            Path dcm = SAMPLES.resolve("dicom/" + stem + ".dcm");
            Frame wrapped = dicom.openFrame(dcm);
            Frame jpeg = raster.openFrame(SAMPLES.resolve("fundus/" + stem + ".jpg"));
            assertEquals(jpeg.width(), wrapped.width());
            assertEquals(jpeg.height(), wrapped.height());
            assertEquals(3, wrapped.channels());
            for (int i = 0; i < jpeg.pixels().length(); i++) {
                if (jpeg.pixels().sample(i) != wrapped.pixels().sample(i)) {
                    throw new AssertionError(dcm + " differs from its JPEG at sample " + i);
                }
            }
            assertTrue(wrapped.origin().isDicom());
            DicomObject ds = new DicomParser().read(dcm, false).dataset();
            assertEquals(Uids.VL_PHOTOGRAPHIC_IMAGE_STORAGE, ds.getString(Tag.SOPClassUID));
            assertEquals(stem.equals("fundus_1") ? "L" : "R", ds.getString(Tag.ImageLaterality));
        }
    }

    @Test
    void ctSeriesOpensAsOneSortedStackInHounsfieldUnits() throws Exception {
        List<ImageStack> stacks = dicom.open(SAMPLES.resolve("series"), ProgressListener.NONE, CancellationToken.never());
        assertEquals(1, stacks.size(), "one Series Instance UID");
        ImageStack series = stacks.get(0);
        assertEquals(8, series.frameCount());
        Set<String> sops = new HashSet<>();
        Set<String> seriesUids = new HashSet<>();
        double previousZ = Double.NaN;
        for (int i = 0; i < series.frameCount(); i++) {
            Frame f = series.frame(i);
            assertEquals(128, f.width());
            assertEquals(128, f.height());
            assertEquals(1.0, f.rescaleSlope());
            assertEquals(-1024.0, f.rescaleIntercept());
            sops.add(f.origin().sopInstanceUid());
            DicomObject ds = new DicomParser().read(f.origin().file(), false).dataset();
            seriesUids.add(ds.getString(Tag.SeriesInstanceUID));
            double z = ds.getDoubles(Tag.ImagePositionPatient)[2];
            if (!Double.isNaN(previousZ)) {
                assertEquals(5.0, Math.abs(z - previousZ), 1e-9, "slices 5 mm apart, in order");
            }
            previousZ = z;
            // signed stored values through the rescale: soft tissue/liver in the middle, air beside the body,
            // -3024 HU padding outside the round reconstruction field (stored -2000)
            double centre = f.pixels().sample(64 * 128 + 64) * f.rescaleSlope() + f.rescaleIntercept();
            double air = f.pixels().sample(64 * 128 + 3) * f.rescaleSlope() + f.rescaleIntercept();
            assertTrue(centre > 0 && centre < 200, "centre of slice " + i + " is " + centre + " HU");
            assertTrue(air < -900 && air > -1100, "air beside the body in slice " + i + " is " + air + " HU");
            assertEquals(-2000, f.pixels().sample(0), "corner padding is stored as a negative value");
        }
        assertEquals(8, sops.size());
        assertEquals(1, seriesUids.size());

        // slice 4's lesion mask marks pixels that are clearly darker (hypodense) than the liver next to it
        Frame slice = dicom.openFrame(SAMPLES.resolve("series/ct_04.dcm"));
        Frame lesion = raster.openFrame(SAMPLES.resolve("series-masks/ct_04_lesion.png"));
        double in = 0;
        int nIn = 0;
        for (int i = 0; i < lesion.pixels().length(); i++) {
            if (lesion.pixels().sample(i) == 255) {
                in += slice.pixels().sample(i) + slice.rescaleIntercept();
                nIn++;
            }
        }
        assertTrue(nIn > 100, "lesion mask has " + nIn + " pixels");
        assertTrue(in / nIn < 50, "lesion mean " + in / nIn + " HU should be hypodense");
    }

    @Test
    void dciodvfyFindsNoErrorsInAnyDicomSample() throws Exception {
        ExternalTools.assumeOnPath("dciodvfy");
        List<String> problems = new ArrayList<>();
        for (Path file : dicomSamples()) {
            Process p = new ProcessBuilder("dciodvfy", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dciodvfy timed out on " + file);
            out.lines().filter(l -> l.startsWith("Error")).forEach(l -> problems.add(file + ": " + l));
            out.lines().filter(l -> l.startsWith("Warning")).forEach(l -> System.out.println(file + ": " + l));
        }
        assertEquals(10, dicomSamples().size());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * Regenerates everything in-process (the same steps and arguments as samples/regenerate.sh) and compares
     * checksums with SHA256SUMS: the samples are reproducible from the committed code.
     */
    @Test
    void regeneratingTheSamplesGivesBitIdenticalFiles() throws Exception {
        ExternalTools.assumePythonModules("cv2", "numpy");
        Path gen = tmp.resolve("samples");
        Process py = new ProcessBuilder(ExternalTools.PYTHON, SAMPLES.resolve("make_fundus.py").toString(),
                gen.resolve("fundus").toString()).redirectErrorStream(true).start();
        String pyOut = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(py.waitFor(300, TimeUnit.SECONDS), "make_fundus.py timed out");
        assertEquals(0, py.exitValue(), pyOut);

        WrapCommand wrap = new WrapCommand(new RasterImageReader(), new DicomWriter());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String[][] photos = {{"fundus_1", "Synthetic^Fundus One", "SYN-0001", "L"},
                {"fundus_2", "Synthetic^Fundus Two", "SYN-0002", "R"}};
        for (String[] p : photos) {
            int status = wrap.run(List.of("--in", gen.resolve("fundus/" + p[0] + ".jpg").toString(),
                    "--out", gen.resolve("dicom/" + p[0] + ".dcm").toString(), "--patient-name", p[1],
                    "--patient-id", p[2], "--laterality", p[3], "--reproducible", "samples/" + p[0]),
                    quiet, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        }
        CtPhantomSeries.write(gen.resolve("series"), gen.resolve("series-masks"));
        if (Files.isDirectory(FUNDUS_OPEN.resolve("IDRiD"))) {
            Process real = new ProcessBuilder(ExternalTools.PYTHON, SAMPLES.resolve("make_real.py").toString(),
                    gen.resolve("real").toString(), FUNDUS_OPEN.toString()).redirectErrorStream(true).start();
            String realOut = new String(real.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(real.waitFor(120, TimeUnit.SECONDS), "make_real.py timed out");
            assertEquals(0, real.exitValue(), realOut);
        } else {
            // the open photographs are not on this machine: real/ can only be checked against SHA256SUMS
            System.out.println("SamplesTest: " + FUNDUS_OPEN + "/IDRiD not found; real/ not regenerated");
            Files.createDirectories(gen.resolve("real"));
            for (String stem : REAL) {
                for (String f : List.of(stem + ".jpg", stem + "_disc.png")) {
                    Files.copy(SAMPLES.resolve("real").resolve(f), gen.resolve("real").resolve(f));
                }
            }
        }

        List<String> differences = new ArrayList<>();
        Map<String, String> listed = listedChecksums();
        for (Map.Entry<String, String> e : listed.entrySet()) {
            Path file = gen.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                differences.add(e.getKey() + " was not regenerated");
            } else if (!sha256(file).equals(e.getValue())) {
                differences.add(e.getKey() + " regenerated with different bytes");
            }
        }
        try (Stream<Path> all = Files.walk(gen)) {
            all.filter(Files::isRegularFile).map(p -> gen.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> !listed.containsKey(rel)).forEach(rel -> differences.add(rel + " is not listed"));
        }
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }
}
