package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** A target in the viewer: its results per object as overlays, corrected with the tools; edits mark it "edited". */
public final class TargetDocument implements ViewerDocument {

    private final TargetEntry target;
    private final ImageStack stack;
    private final Supplier<List<ObjectSpec>> objects;
    private final Runnable onEdited;

    /**
     * @param objects  the objects of the selected support set (their colours and order)
     * @param onEdited called after each edit (autosave, list refresh)
     */
    public TargetDocument(TargetEntry target, ImageStack stack, Supplier<List<ObjectSpec>> objects, Runnable onEdited) {
        this.target = target;
        this.stack = stack;
        this.objects = objects;
        this.onEdited = onEdited;
    }

    public TargetEntry target() {
        return target;
    }

    @Override
    public String title() {
        return target.name();
    }

    @Override
    public ImageStack stack() {
        return stack;
    }

    @Override
    public List<Layer> layers(int frame) {
        List<Layer> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ObjectSpec o : objects.get()) {
            seen.add(o.name());
            out.add(new Layer(o.name(), o.label(), Color.web(o.colour()),
                    target.mask(new io.proxyprompt.session.Layer(o.name(), frame)), true));
        }
        target.masksOf(frame).forEach((name, mask) -> {
            if (seen.add(name)) {
                out.add(new Layer(name, name, Color.web("#B0B7C3"), mask, true));
            }
        });
        return out;
    }

    @Override
    public Mask editableMask(int frame, String object) {
        return target.maskOrEmpty(new io.proxyprompt.session.Layer(object, frame), stack.frame(frame).width(),
                stack.frame(frame).height());
    }

    @Override
    public String historyLayer(String object, int frame) {
        return new io.proxyprompt.session.Layer(object, frame).key();
    }

    @Override
    public Mask maskForHistoryLayer(String layer) {
        return target.mask(io.proxyprompt.session.Layer.parse(layer));
    }

    @Override
    public List<io.proxyprompt.segment.Click> clicks(String historyLayer) {
        return target.clicks(io.proxyprompt.session.Layer.parse(historyLayer));
    }

    @Override
    public void setClicks(String historyLayer, List<io.proxyprompt.segment.Click> clicks) {
        target.setClicks(io.proxyprompt.session.Layer.parse(historyLayer), clicks);
    }

    @Override
    public MaskHistory history() {
        return target.history();
    }

    @Override
    public void edited(String historyLayer) {
        if (target.status() != TargetStatus.RUNNING) {
            target.setStatus(TargetStatus.EDITED);
        }
        target.markEdited(io.proxyprompt.session.Layer.parse(historyLayer).object());
        target.markDirty();
        onEdited.run();
    }
}
