package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.SegmentationEngine;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.segment.Click;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.SupportDocument;
import io.proxyprompt.ui.viewer.TargetDocument;
import io.proxyprompt.ui.viewer.ViewerDocument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Click tool's model side: a click list becomes a redrawn mask on the compute thread (only the mask decoder
 * runs, on the cached embedding and proxy prompt) and goes back into the viewer as one undoable step. A model
 * without the click path is said so plainly instead.
 */
final class ClickRefining {

    private final Services services;
    private final EngineState engine;
    private final ImageCache cache;
    private final ImageViewer viewer;
    private final Notifier notifier;

    ClickRefining(Services services, EngineState engine, ImageCache cache, ImageViewer viewer, Notifier notifier) {
        this.services = services;
        this.engine = engine;
        this.cache = cache;
        this.viewer = viewer;
        this.notifier = notifier;
        viewer.clickTool().setRefiner(this::refine);
    }

    private void refine(ViewerDocument doc, int frame, String object, List<Click> clicks) {
        Optional<SegmentationEngine> service = engine.service();
        if (service.isEmpty()) {
            EngineStatus st = engine.status();
            notifier.error("Clicks need the model: " + (st.isLoading() ? "it is still loading"
                    : String.valueOf(st.unavailableReason())));
            return;
        }
        String why = service.get().clicksUnavailable();
        if (why != null) {
            notifier.error("Clicks are not available: " + why);
            return;
        }
        SupportSet support;
        try {
            support = supportFor(doc, object);
        } catch (IllegalStateException e) {
            notifier.error(e.getMessage());
            return;
        }
        Frame image = doc.stack().frame(frame);
        Map<String, Mask> current = new HashMap<>();
        for (io.proxyprompt.ui.viewer.Layer l : doc.layers(frame)) {
            if (l.mask() != null) {
                current.put(l.object(), l.mask().copy());
            }
        }
        ProgressTask<Mask> task = new ProgressTask<>("Click", (listener, token) ->
                service.get().refine(support, image, object, clicks, current, token));
        services.background().compute(task, mask -> viewer.applyClicks(doc, frame, object, clicks, mask),
                e -> notifier.error("The click could not redraw the " + object + ": " + e.getMessage()));
    }

    /**
     * What prompts the model: for a target the selected support set; for a support image the set's other images
     * that have this object drawn (or the image itself with what is drawn so far, when it is the only one).
     */
    private SupportSet supportFor(ViewerDocument doc, String object) {
        if (doc instanceof SupportDocument s) {
            SupportSetEntry set = services.workspace().supportSets().stream()
                    .filter(e -> e.pairs().contains(s.pair())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("This support image is in no support set"));
            List<SupportPair> pairs = new ArrayList<>();
            for (SupportSetEntry.Pair p : set.pairs()) {
                Mask m = p.mask(object);
                if (p != s.pair() && m != null && !m.isEmpty()) {
                    pairs.add(pair(p, object, m));
                }
            }
            if (pairs.isEmpty()) {
                Mask own = s.pair().mask(object);
                pairs.add(pair(s.pair(), object, own != null ? own : new Mask(doc.stack().frame(0).width(),
                        doc.stack().frame(0).height())));
            }
            return new SupportSet(pairs);
        }
        if (!(doc instanceof TargetDocument)) {
            throw new IllegalStateException("Clicks work on targets and support images");
        }
        SupportSetEntry set = services.workspace().selectedSet().orElseThrow(() -> new IllegalStateException(
                "Clicks need a support set: add a support image and draw its masks first"));
        if (set.objects().stream().noneMatch(o -> o.name().equals(object))) {
            throw new IllegalStateException("The selected support set has no " + object + "; select the set that"
                    + " made this result");
        }
        return SegmentRunner.supportSet(set, cache);
    }

    private SupportPair pair(SupportSetEntry.Pair p, String object, Mask mask) {
        ImageStack s = cache.stack(p.image());
        if (s == null) {
            throw new IllegalStateException(p.image().getFileName() + ": the support image cannot be opened");
        }
        return new SupportPair(s.name(), s.frame(p.frame()), List.of(new ObjectMask(object, mask.copy(),
                "drawn on " + s.name())));
    }
}
