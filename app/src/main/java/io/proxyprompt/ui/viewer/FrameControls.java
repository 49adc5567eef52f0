package io.proxyprompt.ui.viewer;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.common.PixelBuffer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The strip under the viewer: a frame slider for DICOM series and multi-frame objects, and window/level sliders for
 * grey-scale images; hidden for plain colour photographs.
 */
public final class FrameControls extends HBox {

    private final ImageViewer viewer;
    private final Slider frame = new Slider();
    private final Label frameLabel = new Label();
    private final Slider level = new Slider();
    private final Slider width = new Slider();
    private final Label windowLabel = new Label();
    private final HBox frameBox;
    private final HBox windowBox;
    private boolean updating;

    public FrameControls(ImageViewer viewer) {
        this.viewer = viewer;
        getStyleClass().add("frame-controls");
        setId("frameControls");
        setSpacing(14);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 10, 4, 10));
        frame.setId("frameSlider");
        frame.setMajorTickUnit(1);
        frame.setMinorTickCount(0);
        frame.setSnapToTicks(true);
        frame.setBlockIncrement(1);
        frame.setTooltip(new Tooltip("Frame in the series (PageUp/PageDown move between targets)"));
        frame.valueProperty().addListener((o, a, b) -> {
            viewer.setFrame((int) Math.round(b.doubleValue()));
            frameLabel.setText(label());
        });
        frameBox = new HBox(6, new Label("Frame"), frame, frameLabel);
        frameBox.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(frame, Priority.ALWAYS);
        HBox.setHgrow(frameBox, Priority.ALWAYS);
        level.setId("windowLevel");
        width.setId("windowWidth");
        level.setTooltip(new Tooltip("Window level (centre)"));
        width.setTooltip(new Tooltip("Window width"));
        level.valueProperty().addListener(o -> applyWindow());
        width.valueProperty().addListener(o -> applyWindow());
        Button reset = new Button("Reset");
        reset.setTooltip(new Tooltip("Back to the window stored in the file"));
        reset.setOnAction(e -> resetWindow());
        windowBox = new HBox(6, new Label("Level"), level, new Label("Width"), width, windowLabel, reset);
        windowBox.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(frameBox, windowBox);
        viewer.documentProperty().addListener((o, a, doc) -> update(doc == null ? null : doc.stack()));
        update(null);
    }

    private String label() {
        ViewerDocument doc = viewer.documentProperty().get();
        return doc == null ? "" : (viewer.frame() + 1) + " / " + doc.stack().frameCount();
    }

    private void update(ImageStack stack) {
        boolean frames = stack != null && stack.frameCount() > 1;
        boolean grey = stack != null && isGrey(stack.frame(0));
        frameBox.setVisible(frames);
        frameBox.setManaged(frames);
        windowBox.setVisible(grey);
        windowBox.setManaged(grey);
        setVisible(frames || grey);
        setManaged(frames || grey);
        if (frames) {
            frame.setMin(0);
            frame.setMax(stack.frameCount() - 1);
            frame.setValue(0);
            frameLabel.setText(label());
        }
        if (grey) {
            resetWindow();
        }
    }

    private static boolean isGrey(Frame f) {
        return f.channels() == 1 || f.pixels() instanceof PixelBuffer.Shorts;
    }

    private void resetWindow() {
        ViewerDocument doc = viewer.documentProperty().get();
        if (doc == null) {
            return;
        }
        Frame f = doc.stack().frame(viewer.frame());
        double[] range = FrameRenderer.rescaledRange(f);
        double span = Math.max(1, range[1] - range[0]);
        Frame.Window w = f.window() != null ? f.window() : new Frame.Window((range[0] + range[1]) / 2, span);
        updating = true;
        level.setMin(range[0] - span / 2);
        level.setMax(range[1] + span / 2);
        width.setMin(1);
        width.setMax(span * 2);
        level.setValue(w.center());
        width.setValue(w.width());
        updating = false;
        applyWindow();
    }

    private void applyWindow() {
        windowLabel.setText(String.format("C %.0f  W %.0f", level.getValue(), width.getValue()));
        if (!updating) {
            viewer.setWindow(new Frame.Window(level.getValue(), width.getValue()));
        }
    }
}
