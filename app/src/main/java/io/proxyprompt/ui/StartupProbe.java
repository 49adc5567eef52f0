package io.proxyprompt.ui;

import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.ui.viewer.TargetDocument;
import javafx.animation.PauseTransition;
import javafx.scene.Scene;
import javafx.util.Duration;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The start-up half of the workstation bench: a new workstation process on a saved workspace, which prints (when
 * the system property {@value #PROPERTY} is set) the milliseconds from JVM start to its first painted window and
 * to the first target shown in the viewer, then quits.
 */
final class StartupProbe {

    /** Set on the process that the bench starts. */
    static final String PROPERTY = "proxyprompt.startupProbe";

    private static final String PAINTED = "probe_painted_ms: ";

    private StartupProbe() {
    }

    static boolean wanted() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** On the probed process, prints how long after JVM start the workstation reached {@code phase}. */
    static void mark(String phase) {
        if (wanted()) {
            System.out.println("probe_phase " + phase + ": " + ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }

    /** Watches the window just shown: prints when it painted and when a target showed, then quits. */
    static void watch(Scene scene, MainWindow window) {
        SceneSetup.afterNextPulse(scene.getRoot(), () -> {
            System.out.println(PAINTED + ManagementFactory.getRuntimeMXBean().getUptime() + " (targets listed: "
                    + window.targets().items().size() + ")");
            waitForTarget(window, 0);
        });
    }

    private static void waitForTarget(MainWindow window, int tries) {
        boolean shown = window.document().filter(d -> d instanceof TargetDocument).isPresent();
        if (shown || tries > 6000) {
            System.out.println("probe_target_shown_ms: " + (shown ? ManagementFactory.getRuntimeMXBean().getUptime()
                    : -1));
            System.out.flush();
            window.quit();
            return;
        }
        PauseTransition p = new PauseTransition(Duration.millis(10));
        p.setOnFinished(e -> waitForTarget(window, tries + 1));
        p.play();
    }

    /**
     * How the probed process starts: plain {@code java}, or through the launcher's class-data wrapper
     * ({@code tools/cds-java}, as {@code ./proxyprompt} starts the workstation) with its archive in {@code cacheDir}.
     */
    record Launch(Optional<Path> cdsJava, Path cacheDir) {

        static Launch plain() {
            return new Launch(Optional.empty(), Path.of(""));
        }

        /** The wrapper as the launcher uses it, when this process runs from one jar and the script is found. */
        static Launch likeTheLauncher(Path cacheDir) {
            String cp = System.getProperty("java.class.path", "");
            boolean oneJar = !cp.contains(java.io.File.pathSeparator) && cp.endsWith(".jar");
            return new Launch(oneJar ? InstallLocations.forThisProcess().find("tools/cds-java", Files::isExecutable)
                    : Optional.empty(), cacheDir);
        }

        String describe() {
            return cdsJava.map(s -> "through " + s + " as ./proxyprompt starts the workstation (AppCDS archive in "
                    + cacheDir + ")").orElse("plain java, no class-data archive");
        }
    }

    /**
     * Starts the workstation in a new JVM on {@code workspace} (this process's class path, the launcher's memory
     * caps, the same JavaFX platform, started as {@code launch} says) and returns its start-to-paint milliseconds;
     * its output goes to {@code log}.
     */
    static double measure(Path workspace, Path log, PrintStream out, Launch launch)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        String classPath = System.getProperty("java.class.path");
        if (launch.cdsJava().isPresent()) {
            cmd.add(launch.cdsJava().get().toString());
            cmd.add("workstation");
            cmd.add(classPath);
        } else {
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
        }
        // the launcher's options for the workstation (./proxyprompt and the packaged launcher)
        cmd.add("-Xmx6g");
        cmd.add("-XX:MaxDirectMemorySize=256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text",
                "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-D" + PROPERTY + "=true");
        cmd.add("-D" + App.WORKSPACE_PROPERTY + "=" + workspace);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add("io.proxyprompt.Main");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (launch.cdsJava().isPresent()) {
            pb.environment().put("PROXYPROMPT_CDS_DIR", launch.cacheDir().toString());
            pb.environment().remove("PROXYPROMPT_CDS");
        }
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the workstation did not start and quit within 5 minutes; see " + log);
        }
        List<String> lines = Files.readAllLines(log);
        lines.stream().filter(l -> l.startsWith("probe_")).forEach(l -> out.println("  " + l));
        return lines.stream().filter(l -> l.startsWith(PAINTED)).findFirst()
                .map(l -> Double.parseDouble(l.substring(PAINTED.length()).split(" ")[0]))
                .orElseThrow(() -> new IOException("the workstation printed no paint time; see " + log + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))));
    }
}
