package io.proxyprompt.batch;

import io.proxyprompt.batch.bench.PhotoVariants;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the job tests share, made once per test JVM: 40 generated photographs and a corrupt file in one folder, the
 * samples' CT series, the "disc + cup" support of {@code samples/fundus/fundus_1}, the command line's
 * {@code segment} output on them (run as its own process, from target/proxyprompt.jar) and the job's output.
 */
final class BatchFixture {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", ".")).toAbsolutePath().normalize();
    static final Path WORK = REPO.resolve("batch/target/batch-tests");
    static final Path SUPPORT = REPO.resolve("samples/fundus/fundus_1.jpg");
    static final Path DISC = REPO.resolve("samples/fundus/fundus_1_disc.png");
    static final Path CUP = REPO.resolve("samples/fundus/fundus_1_cup.png");
    static final Path SERIES = REPO.resolve("samples/series");
    static final int PHOTOS = 40;

    private static BatchFixture instance;

    final Path photos;
    final List<Path> photoFiles;
    final Path corrupt;
    final Path cliOut;
    final Path jobOut;
    final BatchJob.Result jobResult;
    final String cliLog;

    private BatchFixture(Path photos, List<Path> photoFiles, Path corrupt, Path cliOut, Path jobOut,
                         BatchJob.Result jobResult, String cliLog) {
        this.photos = photos;
        this.photoFiles = photoFiles;
        this.corrupt = corrupt;
        this.cliOut = cliOut;
        this.jobOut = jobOut;
        this.jobResult = jobResult;
        this.cliLog = cliLog;
    }

    static synchronized BatchFixture get() throws Exception {
        if (instance == null) {
            instance = make();
        }
        return instance;
    }

    private static BatchFixture make() throws Exception {
        Folders.deleteTree(WORK);
        Path photos = WORK.resolve("photos");
        List<Path> files = PhotoVariants.write(List.of(REPO.resolve("samples/fundus/fundus_2.jpg"),
                REPO.resolve("samples/fundus/fundus_3.jpg"), REPO.resolve("samples/fundus/fundus_4.jpg")),
                PHOTOS, 18, photos);
        Path corrupt = photos.resolve("photo_0013_corrupt.jpg");
        Files.write(corrupt, corruptJpeg());
        Path cliOut = WORK.resolve("cli-out");
        Process cli = segmentCommand(List.of("--format", "both", "--out", cliOut.toString(), photos.toString(),
                SERIES.toString()), WORK.resolve("cli.log"));

        Path manifest = WORK.resolve("manifest.csv");
        List<String> lines = new ArrayList<>(List.of("path"));
        try (Stream<Path> list = Files.list(photos)) {
            list.sorted().forEach(p -> lines.add("photos/" + p.getFileName()));
        }
        Files.write(manifest, lines);
        Path jobOut = WORK.resolve("job-out");
        BatchJob.Result result = new BatchJob(SparkTestSession.get(), System.out).run(BatchOptions.parse(
                args("--manifest", manifest.toString(), SERIES.toString(), "--format", "both",
                        "--out", jobOut.toString())));
        if (!cli.waitFor(10, TimeUnit.MINUTES)) {
            cli.destroyForcibly();
            throw new IllegalStateException("proxyprompt segment did not finish in 10 minutes");
        }
        String log = Files.readString(WORK.resolve("cli.log"));
        if (!Files.isRegularFile(cliOut.resolve("measurements.csv"))) {
            throw new IllegalStateException("proxyprompt segment wrote no measurements.csv:\n" + log);
        }
        return new BatchFixture(photos, files, corrupt, cliOut, jobOut, result, log);
    }

    /** A file named .jpg that starts like a JPEG and then holds noise. */
    static byte[] corruptJpeg() {
        byte[] b = new byte[4096];
        new java.util.Random(13).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }

    /** The job's arguments with the fixture's support pair in front. */
    static String[] args(String... rest) {
        List<String> a = new ArrayList<>(List.of("--support", SUPPORT.toString(), "--mask", "disc=" + DISC,
                "--mask", "cup=" + CUP, "--progress-every", "0"));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    /** Starts {@code proxyprompt segment} with the fixture's support pair as its own process. */
    static Process segmentCommand(List<String> rest, Path log) throws IOException {
        Path jar = REPO.resolve("target/proxyprompt.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build the command line first (mvn -DskipTests"
                    + " package, or mvn verify from the repository root)");
        }
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Djava.awt.headless=true", "-jar",
                jar.toString(), "segment", "--support", SUPPORT.toString(), "--mask", "disc=" + DISC,
                "--mask", "cup=" + CUP));
        cmd.addAll(rest);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
