package io.proxyprompt.ui;

import io.proxyprompt.session.Autosaver;
import io.proxyprompt.session.PreferenceRepository;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.ImageOpener;
import io.proxyprompt.ui.tasks.SegmentationService;

import java.util.Optional;

/**
 * Everything the main window is built from, made by {@link App} (or a test) and passed in by constructor.
 *
 * @param segmentation empty when no model could be opened; the Segment action then says why
 */
public record Services(PreferenceRepository prefs, Workspace workspace, Autosaver autosaver, ImageOpener opener,
                       Optional<SegmentationService> segmentation, io.proxyprompt.ui.tasks.EngineStatus engine,
                       Background background) {
}
