package io.proxyprompt.batch.bench;

import io.proxyprompt.batch.BatchJob;
import io.proxyprompt.batch.Folders;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code proxyprompt-batch bench}: images per second of the single-process command line ({@code segment}, as its own
 * process, all cores) and of the job on {@code local[1]} and {@code local[2]}, on the same generated photographs,
 * back to back in one run, and the ratios the acceptance asks for. The command line is timed from its first
 * "Segmenting" progress line to its "Done" line (its JVM start and model load left out); the job by its Spark job's
 * wall time, after a warm-up job has opened the model in this JVM (so neither side pays the model load).
 */
public final class ThroughputBench {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private ThroughputBench() {
    }

    /**
     * One measured run.
     *
     * @param cores      the cores it may use (task slots, or the command line's ONNX Runtime threads)
     * @param cpuSeconds the CPU time its process spent meanwhile: on a shared machine, how much of those cores it got
     */
    record Measure(String name, int cores, int images, double seconds, double cpuSeconds) {
        double perSecond() {
            return images / seconds;
        }

        double perCore() {
            return perSecond() / cores;
        }

        double perCpuSecond() {
            return images / cpuSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int images = 200;
        Path repo = Path.of(System.getProperty("proxyprompt.home", ".")).toAbsolutePath();
        Path work = repo.resolve("target/batch-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> {
                    System.err.println("Usage: proxyprompt-batch bench [--images N] [--work DIR]");
                    System.exit(2);
                }
            }
        }
        System.exit(run(repo, images, work,
                System.out));
    }

    static int run(Path repo, int count, Path work, PrintStream out) throws Exception {
        Path fundus = repo.resolve("samples/fundus");
        Path photos = work.resolve("photos");
        Folders.deleteTree(work);
        PhotoVariants.write(List.of(fundus.resolve("fundus_2.jpg"), fundus.resolve("fundus_3.jpg"),
                fundus.resolve("fundus_4.jpg")), count, 200, photos);
        Path warm = work.resolve("warm-up");
        PhotoVariants.write(List.of(fundus.resolve("fundus_2.jpg")), 4, 1, warm);
        List<String> support = List.of("--support", fundus.resolve("fundus_1.jpg").toString(),
                "--mask", "disc=" + fundus.resolve("fundus_1_disc.png"),
                "--mask", "cup=" + fundus.resolve("fundus_1_cup.png"));
        int cores = Runtime.getRuntime().availableProcessors();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        out.printf(Locale.ROOT, "bench: %d generated photographs (612-1242 px wide), %d cores, load average %.2f%n",
                count, cores, os.getSystemLoadAverage());

        List<Measure> measures = new ArrayList<>();
        measures.add(cli(repo, support, photos, work.resolve("cli"), count, cores));
        out.printf(Locale.ROOT, "load average after CLI: %.2f%n", os.getSystemLoadAverage());
        for (int slots : new int[] {1, 2}) {
            SparkSession spark = SparkSession.builder().appName("proxyprompt-batch-bench")
                    .master("local[" + slots + "]")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                job(spark, support, warm.toString(), work.resolve("warm-" + slots), QUIET);
                long cpu0 = processCpuNanos();
                BatchJob.Result t = job(spark, support, photos.toString(), work.resolve("local-" + slots), QUIET);
                measures.add(new Measure("local[" + slots + "]", slots, t.frames(), t.seconds(),
                        (processCpuNanos() - cpu0) / 1e9));
            } finally {
                spark.stop();
            }
            out.printf(Locale.ROOT, "load average after local[%d]: %.2f%n", slots, os.getSystemLoadAverage());
        }
        for (Measure m : measures) {
            out.printf(Locale.ROOT, "%-9s %4d images in %7.2f s: %6.3f images/s on %d core(s), %6.3f per core;"
                            + " CPU %7.1f s (%.2f cores busy), %6.3f images per CPU second%n", m.name(), m.images(),
                    m.seconds(), m.perSecond(), m.cores(), m.perCore(), m.cpuSeconds(), m.cpuSeconds() / m.seconds(),
                    m.perCpuSecond());
        }
        Measure cli = measures.get(0);
        Measure one = measures.get(1);
        Measure two = measures.get(2);
        out.printf(Locale.ROOT, "local[2] / local[1]: %.2fx (acceptance >= 1.7)%n", two.perSecond() / one.perSecond());
        out.printf(Locale.ROOT, "local[2] per core / CLI per core: %.2fx (acceptance >= 0.9)%n",
                two.perCore() / cli.perCore());
        out.printf(Locale.ROOT, "local[2] / CLI: %.2fx%n", two.perSecond() / cli.perSecond());
        out.printf(Locale.ROOT, "images per CPU second, local[2] / local[1]: %.2fx, local[2] / CLI: %.2fx"
                        + " (how well each uses the CPU it gets, whatever else runs on the machine)%n",
                two.perCpuSecond() / one.perCpuSecond(), two.perCpuSecond() / cli.perCpuSecond());
        return 0;
    }

    private static BatchJob.Result job(SparkSession spark, List<String> support, String input, Path out,
                                       PrintStream log) throws Exception {
        List<String> args = new ArrayList<>(support);
        args.addAll(List.of("--out", out.toString(), "--progress-every", "0", input));
        return new BatchJob(spark, log).run(args.toArray(String[]::new));
    }

    /** {@code segment} as its own process, timed between its first target and its "Done". */
    private static Measure cli(Path repo, List<String> support, Path photos, Path out, int count, int cores)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", repo.resolve("target/proxyprompt.jar").toString(), "segment"));
        cmd.addAll(support);
        cmd.addAll(List.of("--out", out.toString(), photos.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long start = 0;
        long end = 0;
        double cpuStart = 0;
        double cpuEnd = 0;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.append(line).append('\n');
                if (start == 0 && line.startsWith("[0/" + count + "] Segmenting")) {
                    start = System.nanoTime();
                    cpuStart = cpuSeconds(p);
                } else if (line.startsWith("[" + count + "/" + count + "] Done")) {
                    end = System.nanoTime();
                    cpuEnd = cpuSeconds(p);
                }
            }
        }
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0 || start == 0 || end == 0) {
            throw new IllegalStateException("segment did not run through:\n" + log);
        }
        return new Measure("CLI", cores, count, (end - start) / 1e9, cpuEnd - cpuStart);
    }

    private static double cpuSeconds(Process p) {
        return p.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
