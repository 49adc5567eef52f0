package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.EditTool;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.shape.Circle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The brush outline is a node of its own that follows the pointer at the brush's size on the screen, shown only for
 * the brush and the eraser with an object to draw, so that moving it never redraws the canvas over the whole viewer.
 */
@ExtendWith(ApplicationExtension.class)
class ViewerPainterTest {

    @Test
    void theBrushOutlineFollowsThePointerAtTheBrushSizeOnScreen() {
        ToolState tools = new ToolState();
        tools.activeObjectProperty().set("disc");
        tools.toolProperty().set(EditTool.BRUSH);
        tools.brushRadiusProperty().set(9);
        ViewTransform view = new ViewTransform();
        view.zoomAt(2, 0, 0);
        ViewerPainter painter = new ViewerPainter(view, tools);
        Canvas canvas = new Canvas(200, 100);
        ViewerDocument doc = document();

        painter.paint(canvas.getGraphicsContext2D(), 200, 100, doc, new WritableImage(40, 30), 0, List.of(), 50, 60,
                false);
        Circle brush = (Circle) painter.brushNode();
        assertTrue(brush.isVisible());
        assertEquals(50, brush.getCenterX());
        assertEquals(60, brush.getCenterY());
        assertEquals((9 + 0.5) * 2, brush.getRadius(), 1e-9);

        painter.paint(canvas.getGraphicsContext2D(), 200, 100, doc, new WritableImage(40, 30), 0, List.of(), 50, 60,
                true);
        assertFalse(brush.isVisible(), "Space held pans: no brush");
        tools.toolProperty().set(EditTool.FILL);
        painter.paint(canvas.getGraphicsContext2D(), 200, 100, doc, new WritableImage(40, 30), 0, List.of(), 50, 60,
                false);
        assertFalse(brush.isVisible(), "the fill tool has no brush");
        tools.toolProperty().set(EditTool.ERASER);
        painter.paint(canvas.getGraphicsContext2D(), 200, 100, doc, new WritableImage(40, 30), 0, List.of(), -1, -1,
                false);
        assertFalse(brush.isVisible(), "the pointer left the viewer");
    }

    /** A document with no clicks: all the painter asks of it. */
    private static ViewerDocument document() {
        return new ViewerDocument() {
            public String title() {
                return "support";
            }

            public io.proxyprompt.image.ImageStack stack() {
                throw new UnsupportedOperationException();
            }

            public List<Layer> layers(int frame) {
                return List.of();
            }

            public io.proxyprompt.mask.Mask editableMask(int frame, String object) {
                throw new UnsupportedOperationException();
            }

            public String historyLayer(String object, int frame) {
                return object + "@" + frame;
            }

            public io.proxyprompt.mask.Mask maskForHistoryLayer(String layer) {
                throw new UnsupportedOperationException();
            }

            public io.proxyprompt.edit.MaskHistory history() {
                throw new UnsupportedOperationException();
            }

            public List<io.proxyprompt.segment.Click> clicks(String historyLayer) {
                return List.of();
            }

            public void setClicks(String historyLayer, List<io.proxyprompt.segment.Click> clicks) {
            }

            public void edited(String historyLayer) {
            }
        };
    }
}
