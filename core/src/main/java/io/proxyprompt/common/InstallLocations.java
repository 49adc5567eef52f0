package io.proxyprompt.common;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the application finds what ships beside it (the bundled model, the samples): under the working directory,
 * under the installation folder a packaged launcher names ({@code -Dproxyprompt.home}), beside the jar, or one level
 * or two levels above the jar holding this class (it sits in {@code target/lib/} of a checkout and in
 * {@code lib/app/lib/} of a packaged app).
 */
public record InstallLocations(Path workingDir, Optional<Path> home, Optional<Path> jarDir) {

    /** The locations of this process. */
    public static InstallLocations forThisProcess() {
        Path jarDir = null;
        try {
            Path code = Path.of(InstallLocations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            jarDir = Files.isDirectory(code) ? code : code.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (an unusual class loader): the other locations are still searched
        }
        String home = System.getProperty("proxyprompt.home");
        return new InstallLocations(Path.of("").toAbsolutePath(),
                Optional.ofNullable(home).filter(h -> !h.isBlank()).map(Path::of), Optional.ofNullable(jarDir));
    }

    /** The locations of a working directory and a jar folder (null: none), without an installation folder. */
    public static InstallLocations of(Path workingDir, Path jarDir) {
        return new InstallLocations(workingDir, Optional.empty(), Optional.ofNullable(jarDir));
    }

    /** The candidate paths of {@code relative}, in search order. */
    public List<Path> candidates(String relative) {
        List<Path> c = new ArrayList<>();
        c.add(workingDir.resolve(relative));
        home.ifPresent(h -> c.add(h.resolve(relative)));
        jarDir.ifPresent(j -> {
            Path dir = j;
            for (int up = 0; up <= 2 && dir != null; up++, dir = dir.getParent()) {
                c.add(dir.resolve(relative));
            }
        });
        return c;
    }

    /** The first candidate of {@code relative} that {@code accept}s. */
    public Optional<Path> find(String relative, Predicate<Path> accept) {
        return candidates(relative).stream().filter(accept).findFirst();
    }
}
