package io.proxyprompt.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tells whether an NVIDIA device is present by the driver's files, so AUTO only pays for a CUDA attempt
 * (which costs seconds when it fails) where one can succeed.
 *
 * @param markers files whose existence means the NVIDIA driver is loaded
 */
public record NvidiaProbe(List<Path> markers) {

    public NvidiaProbe {
        markers = List.copyOf(markers);
    }

    /** The real machine's markers: {@code /dev/nvidiactl} and {@code /proc/driver/nvidia}. */
    public static NvidiaProbe system() {
        return new NvidiaProbe(List.of(Path.of("/dev/nvidiactl"), Path.of("/proc/driver/nvidia")));
    }

    /** The first marker that exists, if any. */
    public Optional<Path> found() {
        return markers.stream().filter(Files::exists).findFirst();
    }

    /** The markers, for messages. */
    public String describeMarkers() {
        return String.join(", ", markers.stream().map(Path::toString).toList());
    }
}
