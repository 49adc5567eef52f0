package io.proxyprompt.inference;

/**
 * The device inference actually runs on and why, for the status bar and the CLI.
 *
 * @param name   {@code "CUDA"} or {@code "CPU"} (with thread count), e.g. "CPU (2 threads)"
 * @param reason why this device was chosen, e.g. "auto: no NVIDIA device (/dev/nvidiactl missing)"
 * @param cuda   whether the CUDA execution provider is active
 */
public record DeviceInfo(String name, String reason, boolean cuda) {

    /** One line for logs and the status bar. */
    public String describe() {
        return name + " - " + reason;
    }
}
