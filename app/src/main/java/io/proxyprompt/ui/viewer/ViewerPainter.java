package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.EditTool;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * Draws the viewer's canvas over the photograph (an image node under it): overlays, outlines, the polygon being
 * drawn, clicks and the brush outline; with nothing to show, the background and a hint.
 */
final class ViewerPainter {

    /** Behind the photograph. */
    static final Color BACKGROUND = Color.web("#15171a");

    private final ViewTransform view;
    private final OverlayImages overlays;
    private final ToolState tools;

    ViewerPainter(ViewTransform view, OverlayImages overlays, ToolState tools) {
        this.view = view;
        this.overlays = overlays;
        this.tools = tools;
    }

    /** Paints the visible overlays, the polygon in progress and the brush outline over the frame. */
    void paint(GraphicsContext g, double w, double h, ViewerDocument doc, WritableImage base, int frame,
               List<double[]> polygon, double mouseX, double mouseY, boolean spaceDown) {
        g.clearRect(0, 0, w, h);
        if (doc == null || base == null) {
            g.setFill(BACKGROUND);
            g.fillRect(0, 0, w, h);
            g.setFill(Color.web("#6b7280"));
            g.setFont(javafx.scene.text.Font.font(15));
            g.setTextAlign(javafx.scene.text.TextAlignment.CENTER);
            g.fillText("Open target images with File \u203a Open (Ctrl+O) or drop files here", w / 2, h / 2);
            return;
        }
        g.save();
        g.translate(view.tx(), view.ty());
        g.scale(view.scale(), view.scale());
        g.setImageSmoothing(false);
        List<Layer> shown = doc.layers(frame).stream().filter(l -> l.visible() && l.mask() != null
                && !tools.hiddenObjects().contains(l.object())).toList();
        double overlay = tools.opacityProperty().get();
        for (Layer l : shown) {
            LayerStyle style = tools.style(l.object());
            if (style.fill() && overlay * style.opacity() > 0) {
                g.setGlobalAlpha(overlay * style.opacity());
                OverlayImages.Placed overlayImage = overlays.image(l.mask(), l.colour());
                g.drawImage(overlayImage.image(), overlayImage.x(), overlayImage.y());
            }
        }
        g.restore();
        g.setGlobalAlpha(1);
        if (overlay > 0) {
            for (Layer l : shown) {
                LayerStyle style = tools.style(l.object());
                if (style.outline() && style.opacity() > 0) {
                    drawOutline(g, l, style.opacity());
                }
            }
        }
        g.setGlobalAlpha(1);
        drawPolygon(g, polygon, mouseX, mouseY);
        drawClicks(g, doc, frame);
        drawBrush(g, mouseX, mouseY, spaceDown);
    }

    /** The active object's clicks: green discs with "+" for object, red with "-" for not object, numbered. */
    private void drawClicks(GraphicsContext g, ViewerDocument doc, int frame) {
        String object = tools.activeObjectProperty().get();
        if (doc == null || object == null) {
            return;
        }
        List<io.proxyprompt.segment.Click> clicks = doc.clicks(doc.historyLayer(object, frame));
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

    /** The object's outline as a 2-pixel line on the screen, whatever the zoom, over the pixels' centres. */
    private void drawOutline(GraphicsContext g, Layer l, double alpha) {
        g.setGlobalAlpha(alpha);
        g.setStroke(l.colour());
        g.setLineWidth(2);
        g.setLineJoin(javafx.scene.shape.StrokeLineJoin.ROUND);
        for (int[] xy : overlays.outline(l.mask())) {
            g.beginPath();
            for (int i = 0; i < xy.length; i += 2) {
                double x = view.toViewX(xy[i] + 0.5);
                double y = view.toViewY(xy[i + 1] + 0.5);
                if (i == 0) {
                    g.moveTo(x, y);
                } else {
                    g.lineTo(x, y);
                }
            }
            if (xy.length == 2) {
                g.lineTo(view.toViewX(xy[0] + 0.5) + 0.5, view.toViewY(xy[1] + 0.5));
            }
            g.closePath();
            g.stroke();
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

    private void drawBrush(GraphicsContext g, double mouseX, double mouseY, boolean spaceDown) {
        EditTool t = tools.toolProperty().get();
        if (mouseX < 0 || spaceDown || (t != EditTool.BRUSH && t != EditTool.ERASER)
                || tools.activeObjectProperty().get() == null) {
            return;
        }
        double r = (tools.brushRadiusProperty().get() + 0.5) * view.scale();
        g.setStroke(t == EditTool.BRUSH ? Color.web("#ffffffcc") : Color.web("#ff6b6bcc"));
        g.setLineWidth(1);
        g.strokeOval(mouseX - r, mouseY - r, 2 * r, 2 * r);
    }
}
