package io.proxyprompt.ui.tasks;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.application.SegmentationEngine;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.ModelLoadException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the segmentation engine at start-up. A missing or corrupt model, or an unusable forced device, does not
 * stop the workstation: drawing, review and export still work, and the status says what to do.
 *
 * @param problem the message for the user when segmentation is unavailable
 */
public record EngineStartup(Optional<SegmentationEngine> service, EngineStatus status, Optional<String> problem) {

    /** Opens the model folder with the user's settings. */
    public static EngineStartup open(Path modelDir, ModelSegmentation.Settings settings) {
        ExecutionDevice device = settings.device();
        EngineStatus status;
        try {
            ModelSegmentation s = ModelSegmentation.open(modelDir, settings);
            return new EngineStartup(Optional.of(s), s.status(), Optional.empty());
        } catch (ModelLoadException e) {
            status = EngineStatus.unavailable("none", "no model loaded", "Segmentation is not available: "
                    + e.getMessage() + ". Set the model folder in File > Preferences and restart.");
        } catch (DeviceException e) {
            status = EngineStatus.unavailable(device.name(), e.getMessage(), "Segmentation is not available: "
                    + e.getMessage() + ". Choose device 'auto' or 'cpu' in File > Preferences and restart.");
        } catch (RuntimeException e) {
            status = EngineStatus.unavailable("none", "the inference runtime failed to start",
                    "Segmentation is not available: the inference runtime failed to start (" + e.getMessage()
                            + "). Choose device 'cpu' in File > Preferences and restart.");
        }
        return new EngineStartup(Optional.empty(), status, Optional.of(status.unavailableReason()));
    }
}
