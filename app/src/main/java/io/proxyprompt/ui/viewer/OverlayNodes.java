package io.proxyprompt.ui.viewer;

import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.transform.Affine;

import java.util.ArrayList;
import java.util.List;

/**
 * The objects' fills and outlines as scene nodes over the photograph, one image and one path per object, each the
 * size of its object's box: a new or edited mask repaints only that box, where a canvas over the whole viewer made
 * software rendering recomposite the whole view (photograph included) for every result.
 */
final class OverlayNodes {

    private final OverlayImages overlays;
    private final Group fills = new Group();
    private final Group outlines = new Group();
    /** Image to view coordinates; the outlines' paths are in image pixels under it. */
    private final Affine toView = new Affine();
    private final List<ImageView> fillViews = new ArrayList<>();
    private final List<Path> outlinePaths = new ArrayList<>();
    /** The polylines each path was built from, so an unchanged outline is not rebuilt. */
    private final List<List<int[]>> builtFrom = new ArrayList<>();

    OverlayNodes(OverlayImages overlays) {
        this.overlays = overlays;
        for (Group g : List.of(fills, outlines)) {
            g.setManaged(false);
            g.setMouseTransparent(true);
        }
        outlines.getTransforms().add(toView);
    }

    /** The nodes to stack over the photograph, in paint order (fills, then outlines). */
    List<Node> nodes() {
        return List.of(fills, outlines);
    }

    /**
     * Shows {@code shown} (the visible layers, in order) as the view transform places them: each node's properties
     * are set only when they change, so an unchanged object is not repainted.
     */
    void update(List<Layer> shown, ToolState tools, ViewTransform view) {
        double s = view.scale();
        if (toView.getMxx() != s || toView.getTx() != view.tx() || toView.getTy() != view.ty()) {
            toView.setToTransform(s, 0, view.tx(), 0, s, view.ty());
        }
        double overlay = tools.opacityProperty().get();
        int fillsUsed = 0;
        int outlinesUsed = 0;
        for (Layer l : shown) {
            LayerStyle style = tools.style(l.object());
            if (style.fill() && overlay * style.opacity() > 0) {
                placeFill(fillView(fillsUsed++), overlays.image(l.mask(), l.colour()), overlay * style.opacity(), view);
            }
            if (style.outline() && style.opacity() > 0 && overlay > 0) {
                placeOutline(outlinesUsed++, l, style.opacity(), s);
            }
        }
        hideFrom(fillsUsed, outlinesUsed);
    }

    /** Hides every overlay (no document). */
    void hide() {
        hideFrom(0, 0);
    }

    private ImageView fillView(int i) {
        if (i == fillViews.size()) {
            ImageView v = new ImageView();
            v.setManaged(false);
            v.setSmooth(false);
            fillViews.add(v);
            fills.getChildren().add(v);
        }
        return fillViews.get(i);
    }

    private static void placeFill(ImageView v, OverlayImages.Placed p, double opacity, ViewTransform view) {
        double s = view.scale();
        if (v.getImage() != p.image()) {
            v.setImage(p.image());
        }
        v.setLayoutX(view.toViewX(p.x()));
        v.setLayoutY(view.toViewY(p.y()));
        v.setFitWidth(p.image().getWidth() * s);
        v.setFitHeight(p.image().getHeight() * s);
        v.setOpacity(opacity);
        v.setVisible(true);
    }

    private void placeOutline(int i, Layer l, double opacity, double scale) {
        if (i == outlinePaths.size()) {
            Path p = new Path();
            p.setManaged(false);
            p.setFill(null);
            p.setStrokeLineJoin(StrokeLineJoin.ROUND);
            outlinePaths.add(p);
            builtFrom.add(null);
            outlines.getChildren().add(p);
        }
        Path p = outlinePaths.get(i);
        List<int[]> polylines = overlays.outline(l.mask());
        if (builtFrom.get(i) != polylines) {
            p.getElements().setAll(elements(polylines));
            builtFrom.set(i, polylines);
        }
        p.setStroke(l.colour());
        p.setStrokeWidth(2 / scale);   // 2 screen pixels whatever the zoom
        p.setOpacity(opacity);
        p.setVisible(true);
    }

    /** Closed polylines through the outline pixels' centres (a lone pixel as a short segment, so it shows). */
    static List<PathElement> elements(List<int[]> polylines) {
        List<PathElement> out = new ArrayList<>();
        for (int[] xy : polylines) {
            out.add(new MoveTo(xy[0] + 0.5, xy[1] + 0.5));
            for (int k = 2; k < xy.length; k += 2) {
                out.add(new LineTo(xy[k] + 0.5, xy[k + 1] + 0.5));
            }
            if (xy.length == 2) {
                out.add(new LineTo(xy[0] + 0.75, xy[1] + 0.5));
            }
            out.add(new ClosePath());
        }
        return out;
    }

    /** Hides the fills and outlines not used, letting go of their images and polylines. */
    private void hideFrom(int fillsUsed, int outlinesUsed) {
        for (int i = fillsUsed; i < fillViews.size(); i++) {
            fillViews.get(i).setVisible(false);
            fillViews.get(i).setImage(null);
        }
        for (int i = outlinesUsed; i < outlinePaths.size(); i++) {
            if (builtFrom.get(i) != null) {
                outlinePaths.get(i).setVisible(false);
                outlinePaths.get(i).getElements().clear();
                builtFrom.set(i, null);
            }
        }
    }
}
