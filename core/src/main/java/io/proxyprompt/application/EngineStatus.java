package io.proxyprompt.application;

/**
 * What the status bar shows about the inference engine: the device that runs (and why), the model, and whether
 * segmentation is available at all (with the reason when it is not).
 */
public record EngineStatus(String device, String deviceReason, String model, boolean available, String unavailableReason) {

    /** The status of a build or start-up where segmentation cannot run. */
    public static EngineStatus unavailable(String device, String deviceReason, String reason) {
        return new EngineStatus(device, deviceReason, "no model loaded", false, reason);
    }

    /** What the status bar shows first: the window opens while the model loads in the background. */
    public static final String LOADING = "Loading model\u2026";

    /** The status while the model is still loading: segmentation waits for it. */
    public static EngineStatus loading() {
        return new EngineStatus(LOADING, "", "loading\u2026", false,
                "The model is still loading; Segment is available as soon as it has loaded");
    }

    /** True while the model is loading (not yet available, not failed). */
    public boolean isLoading() {
        return LOADING.equals(device) && !available;
    }

    /** The status bar text, e.g. "CPU — no NVIDIA GPU found". */
    public String deviceText() {
        return deviceReason == null || deviceReason.isBlank() ? device : device + " \u2014 " + deviceReason;
    }
}
