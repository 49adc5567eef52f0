package io.proxyprompt.ui;

import io.proxyprompt.ui.tasks.EngineStartup;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.SegmentationEngine;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Optional;

/**
 * The segmentation engine as the window sees it, on the FX thread: loading at first (the window shows before the
 * model has loaded), then the opened engine or the reason it could not open.
 */
final class EngineState {

    private final ObjectProperty<EngineStatus> status = new SimpleObjectProperty<>();
    private Optional<SegmentationEngine> service;

    EngineState(Optional<SegmentationEngine> service, EngineStatus status) {
        this.service = service;
        this.status.set(status);
    }

    Optional<SegmentationEngine> service() {
        return service;
    }

    EngineStatus status() {
        return status.get();
    }

    ReadOnlyObjectProperty<EngineStatus> statusProperty() {
        return status;
    }

    boolean loading() {
        return status.get().isLoading();
    }

    /** The model has loaded (or failed to): listeners of the status see the change. */
    void set(EngineStartup started) {
        service = started.service();
        status.set(started.status());
    }
}
