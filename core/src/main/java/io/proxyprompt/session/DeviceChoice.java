package io.proxyprompt.session;

/** Which execution device the user asked for: automatic (CUDA when present, else CPU), CPU only, or CUDA only. */
public enum DeviceChoice {
    AUTO, CPU, CUDA
}
