package io.proxyprompt.ui;

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
     * Starts the workstation in a new JVM on {@code workspace} (this process's class path, the launcher's memory
     * caps, the same JavaFX platform) and returns its start-to-paint milliseconds; its output goes to {@code log}.
     */
    static double measure(Path workspace, Path log, PrintStream out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx6g");
        cmd.add("-XX:MaxDirectMemorySize=256m");
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text",
                "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-D" + PROPERTY + "=true");
        cmd.add("-D" + App.WORKSPACE_PROPERTY + "=" + workspace);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.proxyprompt.Main");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
