package io.proxyprompt.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens a folder in the desktop's file manager with the system's own opener (xdg-open, open, explorer). Not AWT's
 * Desktop: it loads a second GTK into the JavaFX process on Linux, which crashed the workstation here.
 */
final class FileManager {

    /** System property naming another opener command (tests name one that does not exist). */
    static final String OPENER_PROPERTY = "proxyprompt.opener";

    private FileManager() {
    }

    /** Opens {@code folder}; false when this desktop has no opener or it refused (the caller shows the path). */
    static boolean open(Path folder) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean windows = os.startsWith("windows");
        String opener = System.getProperty(OPENER_PROPERTY,
                windows ? "explorer.exe" : os.startsWith("mac") ? "open" : "xdg-open");
        List<String> command = List.of(opener, folder.toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                return true; // still starting the file manager: it is on its way
            }
            return windows || p.exitValue() == 0; // explorer.exe exits 1 even when it opened the folder
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
