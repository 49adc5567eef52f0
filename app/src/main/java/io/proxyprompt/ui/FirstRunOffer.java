package io.proxyprompt.ui;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.ui.panels.SupportHost;
import io.proxyprompt.ui.panels.SupportLibraryPanel;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.application.SampleSet;
import io.proxyprompt.application.SupportMasks;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first-run banner: on an empty workspace it offers to open the bundled samples (real photographs first, then
 * synthetic ones) with a ready "Disc + cup" support set and segment them in one click. Dismissing it is remembered in the preferences.
 */
final class FirstRunOffer {

    /** Set once the user dismissed (or used) the offer; it is then not shown again. */
    static final PrefKey<Boolean> DISMISSED = new PrefKey<>("firstRun.samplesOfferDismissed",
            "Sample offer dismissed", false, s -> Boolean.parseBoolean(s.strip()), String::valueOf);

    /** The name of the support set the offer creates. */
    static final String SET_NAME = "Disc + cup (sample)";

    private final Services services;
    private final TargetRegistration registration;
    private final SupportLibraryPanel support;
    private final SupportHost host;
    private final SegmentRunner runner;
    private final VBox slot;
    private HBox banner;

    /** {@code slot} is where the banner goes (under the menu bar). */
    FirstRunOffer(Services services, TargetRegistration registration, SupportLibraryPanel support, SupportHost host,
                  SegmentRunner runner, VBox slot) {
        this.services = services;
        this.registration = registration;
        this.support = support;
        this.host = host;
        this.runner = runner;
        this.slot = slot;
    }

    /** Shows the banner when the workspace is empty, the samples exist and the offer was not dismissed. */
    boolean offer(java.util.Optional<SampleSet> samples) {
        Workspace ws = services.workspace();
        if (samples.isEmpty() || !ws.targets().isEmpty() || !ws.supportSets().isEmpty()
                || services.prefs().get(DISMISSED) || banner != null) {
            return false;
        }
        SampleSet s = samples.get();
        Label title = new Label("New to ProxyPrompt?");
        title.getStyleClass().add("first-run-title");
        int real = s.realPhotographs().size();
        Label text = new Label("Open the bundled sample photographs" + (real > 0 ? " \u2014 " + real
                + " real ones (IDRiD, CC BY 4.0) and synthetic ones \u2014" : "") + " with a ready \u201C" + SET_NAME
                + "\u201D support set \u2014 one example image with its optic disc and cup drawn \u2014 and see them "
                + "segmented in one click.");
        text.setWrapText(true);
        text.getStyleClass().add("first-run-text");
        VBox words = new VBox(2, title, text);
        HBox.setHgrow(words, Priority.ALWAYS);
        Button open = new Button("Open samples and segment");
        open.setId("openSamplesButton");
        open.getStyleClass().add("primary");
        open.setGraphic(Icons.icon(Icons.RUN, 12));
        open.setTooltip(new Tooltip("Opens " + s.targets().size() + " sample targets from " + s.dir()
                + " and the support set, then runs Segment"));
        open.setOnAction(e -> open(s));
        Button dismiss = new Button("Dismiss");
        dismiss.setId("dismissSamplesButton");
        dismiss.setTooltip(new Tooltip("Hide this offer for good (the samples stay in " + s.dir() + ")"));
        dismiss.setOnAction(e -> dismiss());
        open.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        dismiss.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        banner = new HBox(14, Icons.icon(Icons.OPEN, 22), words, open, dismiss);
        banner.setId("firstRunBanner");
        banner.getStyleClass().add("first-run-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        slot.getChildren().add(banner);
        return true;
    }

    boolean isShowing() {
        return banner != null && slot.getChildren().contains(banner);
    }

    void dismiss() {
        hide();
        services.prefs().put(DISMISSED, true);
        services.background().io(new ProgressTask<Void>("Save preferences", (p, c) -> {
            services.prefs().save();
            return null;
        }), v -> { }, e -> host.notifier().error("Could not save the preferences: " + e.getMessage()));
    }

    private void hide() {
        if (banner != null) {
            slot.getChildren().remove(banner);
        }
    }

    /** Builds the sample support set (masks read off the FX thread), opens the targets, then segments them. */
    void open(SampleSet s) {
        dismiss();
        host.withStack(s.supportImage(), stack -> {
            var frame = stack.frame(0);
            services.background().io(new ProgressTask<>("Load sample masks", (p, c) -> {
                Map<String, Mask> masks = new LinkedHashMap<>();
                masks.put(ObjectSpec.DISC.name(), SupportMasks.load(s.discMask(), ObjectSpec.DISC.name(), frame));
                masks.put(ObjectSpec.CUP.name(), SupportMasks.load(s.cupMask(), ObjectSpec.CUP.name(), frame));
                return masks;
            }), masks -> {
                Workspace ws = services.workspace();
                SupportSetEntry set = ws.addSupportSet(SET_NAME);
                ws.selectSet(set);
                set.putObject(host.withPreferredColour(ObjectSpec.DISC));
                set.putObject(host.withPreferredColour(ObjectSpec.CUP));
                SupportSetEntry.Pair pair = new SupportSetEntry.Pair(ws.newId("p"), s.supportImage(), 0);
                masks.forEach(pair::putMask);
                set.addPair(pair);
                support.refreshSets();
                host.supportChanged();
                registration.openTargets(s.targets(), runner::runWhenReady);
            }, e -> host.notifier().error("The samples could not be opened: " + e.getMessage()));
        });
    }
}
