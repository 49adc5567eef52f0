package io.proxyprompt.inference;

/** The execution device that was explicitly asked for cannot be used (e.g. CUDA on a machine without a GPU). */
public class DeviceException extends Exception {

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
