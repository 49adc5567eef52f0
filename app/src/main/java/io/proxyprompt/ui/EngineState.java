package io.proxyprompt.ui;

import io.proxyprompt.ui.tasks.EngineStartup;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.SegmentationEngine;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The segmentation engine as the window sees it, on the FX thread: loading at first (the window shows before the
 * model has loaded), then the opened engine or the reason it could not open, with the model in use (the base
 * model or an adapted one) and its provenance.
 */
final class EngineState {

    private final ObjectProperty<EngineStatus> status = new SimpleObjectProperty<>();
    private final StringProperty description = new SimpleStringProperty();
    private final StringProperty details = new SimpleStringProperty();
    private Optional<SegmentationEngine> service;
    private Optional<Path> adapted = Optional.empty();

    EngineState(Optional<SegmentationEngine> service, EngineStatus status) {
        this.service = service;
        this.description.set(status.model());
        this.details.set(status.model());
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

    /** The model in use with its provenance, e.g. "proxyprompt-small 0.1.0 (base model)". */
    ReadOnlyStringProperty descriptionProperty() {
        return description;
    }

    /** The description with the model's folders and the full digest of its base. */
    ReadOnlyStringProperty detailsProperty() {
        return details;
    }

    /** The adapted model in use, or empty for the base model. */
    Optional<Path> adapted() {
        return adapted;
    }

    boolean loading() {
        return status.get().isLoading();
    }

    /** The model has loaded (or failed to): listeners of the status see the change. */
    void set(EngineStartup started) {
        set(started, Optional.empty(), started.status().model(), started.status().model());
    }

    /** A model was opened (at start or when the user switched): what it is and where it came from. */
    void set(EngineStartup started, Optional<Path> adaptedFolder, String what, String more) {
        service = started.service();
        adapted = adaptedFolder;
        description.set(what);
        details.set(more);
        status.set(started.status());
    }
}
