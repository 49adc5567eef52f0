package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import javafx.scene.paint.Color;

import java.util.List;

/** A support image in the viewer: the masks the clinician draws for each object of the support set. */
public final class SupportDocument implements ViewerDocument {

    private final SupportSetEntry set;
    private final SupportSetEntry.Pair pair;
    private final ImageStack single;
    private final MaskHistory history;
    private final Runnable onEdited;

    /** @param stack the opened support image; only the pair's frame is shown */
    public SupportDocument(SupportSetEntry set, SupportSetEntry.Pair pair, ImageStack stack, MaskHistory history,
                           Runnable onEdited) {
        this.set = set;
        this.pair = pair;
        this.single = stack.frameCount() == 1 ? stack
                : new ImageStack(stack.name(), stack.source(), List.of(stack.frame(pair.frame())), stack.kind());
        this.history = history;
        this.onEdited = onEdited;
    }

    public SupportSetEntry.Pair pair() {
        return pair;
    }

    @Override
    public String title() {
        return "Support \u00b7 " + set.name() + " \u00b7 " + pair.image().getFileName();
    }

    @Override
    public ImageStack stack() {
        return single;
    }

    @Override
    public List<Layer> layers(int frame) {
        return set.objects().stream()
                .map(o -> new Layer(o.name(), o.label(), Color.web(o.colour()), pair.mask(o.name()), true))
                .toList();
    }

    @Override
    public Mask editableMask(int frame, String object) {
        Mask m = pair.mask(object);
        if (m == null) {
            m = new Mask(single.frame(0).width(), single.frame(0).height());
            pair.putMask(object, m);
        }
        return m;
    }

    @Override
    public String historyLayer(String object, int frame) {
        return object;
    }

    @Override
    public Mask maskForHistoryLayer(String layer) {
        return pair.mask(layer);
    }

    @Override
    public List<io.proxyprompt.segment.Click> clicks(String historyLayer) {
        return pair.clicks(historyLayer);
    }

    @Override
    public void setClicks(String historyLayer, List<io.proxyprompt.segment.Click> clicks) {
        pair.setClicks(historyLayer, clicks);
    }

    @Override
    public MaskHistory history() {
        return history;
    }

    @Override
    public void edited(String historyLayer) {
        set.markDirty();
        onEdited.run();
    }

    /** Whether {@code object} belongs to this document's set. */
    public boolean hasObject(String object) {
        return set.objects().stream().map(ObjectSpec::name).anyMatch(object::equals);
    }
}
