package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.EditTool;
import javafx.scene.Node;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

import java.util.List;

/**
 * Draws the viewer's canvas, on top of the photograph and the objects' overlays (nodes of their own): the polygon
 * being drawn and the clicks; with nothing to show, the background and a hint. The brush outline is a node above.
 */
final class ViewerPainter {

    /** Behind the photograph. */
    static final Color BACKGROUND = Color.web("#15171a");

    private final ViewTransform view;
    private final ToolState tools;
    /** Whether the canvas holds nothing (nothing drawn since its last clear). */
    private boolean blank = true;

    private static final Color BRUSH = Color.web("#ffffffcc");
    private static final Color ERASER = Color.web("#ff6b6bcc");
    private final Circle brush = new Circle();

    ViewerPainter(ViewTransform view, ToolState tools) {
        this.view = view;
        this.tools = tools;
        brush.setManaged(false);
        brush.setMouseTransparent(true);
        brush.setFill(null);
        brush.setStrokeWidth(1);
        brush.setVisible(false);
    }

    /** The brush outline's node, to stack over the canvas. */
    Node brushNode() {
        return brush;
    }

    /**
     * Paints the hint when there is nothing to show, else the polygon in progress and the active object's clicks, and
     * places the brush outline. A canvas that is blank and stays blank is not touched: any drawing on it, even a
     * clear, makes the whole viewer repaint.
     */
    void paint(GraphicsContext g, double w, double h, ViewerDocument doc, WritableImage base, int frame,
               List<double[]> polygon, double mouseX, double mouseY, boolean spaceDown) {
        if (doc == null || base == null) {
            brush.setVisible(false);
            g.clearRect(0, 0, w, h);
            g.setFill(BACKGROUND);
            g.fillRect(0, 0, w, h);
            g.setFill(Color.web("#6b7280"));
            g.setFont(javafx.scene.text.Font.font(15));
            g.setTextAlign(javafx.scene.text.TextAlignment.CENTER);
            g.fillText("Open target images with File \u203a Open (Ctrl+O) or drop files here", w / 2, h / 2);
            blank = false;
            return;
        }
        placeBrush(mouseX, mouseY, spaceDown);
        boolean drawsSomething = !polygon.isEmpty() || !activeClicks(doc, frame).isEmpty();
        if (!drawsSomething && blank) {
            return;
        }
        g.clearRect(0, 0, w, h);
        drawPolygon(g, polygon, mouseX, mouseY);
        drawClicks(g, doc, frame);
        blank = !drawsSomething;
    }

    private List<io.proxyprompt.segment.Click> activeClicks(ViewerDocument doc, int frame) {
        String object = tools.activeObjectProperty().get();
        return object == null ? List.of() : doc.clicks(doc.historyLayer(object, frame));
    }

    private boolean showsBrush(double mouseX, boolean spaceDown) {
        EditTool t = tools.toolProperty().get();
        return mouseX >= 0 && !spaceDown && (t == EditTool.BRUSH || t == EditTool.ERASER)
                && tools.activeObjectProperty().get() != null;
    }

    /** The active object's clicks: green discs with "+" for object, red with "-" for not object, numbered. */
    private void drawClicks(GraphicsContext g, ViewerDocument doc, int frame) {
        List<io.proxyprompt.segment.Click> clicks = activeClicks(doc, frame);
        double r = 6;
        for (io.proxyprompt.segment.Click c : clicks) {
            double x = view.toViewX(c.x() + 0.5);
            double y = view.toViewY(c.y() + 0.5);
            g.setFill(c.positive() ? Color.web("#2ecc71") : Color.web("#e74c3c"));
            g.fillOval(x - r, y - r, 2 * r, 2 * r);
            g.setStroke(Color.WHITE);
            g.setLineWidth(1.5);
            g.strokeOval(x - r, y - r, 2 * r, 2 * r);
            g.strokeLine(x - 3, y, x + 3, y);
            if (c.positive()) {
                g.strokeLine(x, y - 3, x, y + 3);
            }
        }
    }

    private void drawPolygon(GraphicsContext g, List<double[]> polygon, double mouseX, double mouseY) {
        if (polygon.isEmpty()) {
            return;
        }
        g.setStroke(Color.web("#ffd166"));
        g.setLineWidth(1.5);
        g.beginPath();
        for (int i = 0; i < polygon.size(); i++) {
            double x = view.toViewX(polygon.get(i)[0]);
            double y = view.toViewY(polygon.get(i)[1]);
            if (i == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        if (mouseX >= 0) {
            g.lineTo(mouseX, mouseY);
        }
        g.stroke();
        for (double[] p : polygon) {
            g.fillOval(view.toViewX(p[0]) - 3, view.toViewY(p[1]) - 3, 6, 6);
        }
    }

    /** The brush's outline under the pointer, a node of its own so that moving it repaints only where it was and is. */
    private void placeBrush(double mouseX, double mouseY, boolean spaceDown) {
        if (!showsBrush(mouseX, spaceDown)) {
            brush.setVisible(false);
            return;
        }
        brush.setCenterX(mouseX);
        brush.setCenterY(mouseY);
        brush.setRadius((tools.brushRadiusProperty().get() + 0.5) * view.scale());
        brush.setStroke(tools.toolProperty().get() == EditTool.BRUSH ? BRUSH : ERASER);
        brush.setVisible(true);
    }
}
