package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.SegmentationEngine;
import io.proxyprompt.image.Images;
import io.proxyprompt.session.Autosaver;
import io.proxyprompt.session.PreferenceRepository;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.ui.tasks.Background;

import java.util.Optional;

/**
 * Everything the main window is built from, made by {@link App} (or a test) and passed in by constructor.
 *
 * @param images       opens photographs and DICOM (one rule for folders, shared with the command line)
 * @param export       the application's one export
 * @param segmentation empty when no model could be opened; the Segment action then says why
 * @param pacsServers  the PACS servers of this OS user (credentials in the user's preferences, not the workspace)
 */
public record Services(PreferenceRepository prefs, Workspace workspace, Autosaver autosaver, Images images,
                       ExportService export, Optional<SegmentationEngine> segmentation, EngineStatus engine,
                       Background background, io.proxyprompt.settings.PacsServers pacsServers) {

    /** Saves the workspace in the background: copies what changed now, writes it on the autosave thread. */
    public void autosave() {
        autosaver.save(workspace.snapshot());
    }
}
