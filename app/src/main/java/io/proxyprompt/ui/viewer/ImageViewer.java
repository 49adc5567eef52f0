package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.edit.PixelRect;
import io.proxyprompt.edit.ShapeTools;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.mask.Mask;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The image in the middle of the workstation: one frame (an image node) with its mask overlays (nodes the size of
 * each object) and a canvas on top for what is being drawn; zooms with the wheel, pans with a middle/right drag or
 * Space + drag, fits on demand, and applies the editing tools.
 */
public final class ImageViewer extends Region {

    private final Canvas canvas = new Canvas();
    /**
     * The photograph, under the overlays and the canvas: a node of its own, cached at its shown size, so that
     * a new mask redraws only the overlays (in software rendering a redraw of the photograph scaled took 40-55 ms).
     */
    private final javafx.scene.image.ImageView photo = new javafx.scene.image.ImageView();
    private final ViewTransform view = new ViewTransform();
    private final OverlayImages overlays = new OverlayImages();
    private final OverlayNodes overlayNodes = new OverlayNodes(overlays);
    /** The document and mask objects of the last paint: a run that ends with the same masks needs no repaint. */
    private ViewerDocument paintedDocument;
    private List<Mask> paintedMasks = List.of();
    private final ToolState tools;
    private final ObjectProperty<ViewerDocument> document = new SimpleObjectProperty<>();
    private final List<double[]> polygon = new ArrayList<>();
    private final ViewerPainter painter;
    private final ClickTool clickTool = new ClickTool();

    private int frame;
    private Frame.Window window;
    private WritableImage base;
    private boolean spaceDown;
    private boolean fitted = true;

    private double lastX;
    private double lastY;
    private double mouseX = -1;
    private double mouseY = -1;
    private boolean panning;
    private Mask strokeMask;
    private Mask strokeBefore;
    private String strokeObject;

    public ImageViewer(ToolState tools) {
        this.tools = tools;
        this.painter = new ViewerPainter(view, tools);
        getStyleClass().add("image-viewer");
        setId("imageViewer");
        photo.setManaged(false);
        photo.setMouseTransparent(true);
        photo.setCache(true);
        photo.setCacheHint(javafx.scene.CacheHint.QUALITY);
        getChildren().add(photo);
        getChildren().addAll(overlayNodes.nodes());
        getChildren().addAll(canvas, painter.brushNode());
        // the overlays and the brush are nodes that can reach past the viewer when zoomed in or panned
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setBackground(new javafx.scene.layout.Background(new javafx.scene.layout.BackgroundFill(
                ViewerPainter.BACKGROUND, null, null)));
        setFocusTraversable(true);
        setMinSize(200, 200);
        canvas.widthProperty().addListener(o -> onResize());
        canvas.heightProperty().addListener(o -> onResize());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            mouseX = e.getX();
            mouseY = e.getY();
            redraw();
        });
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            mouseX = -1;
            redraw();
        });
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        tools.toolProperty().addListener(o -> {
            polygon.clear();
            updateCursor();
            redraw();
        });
        tools.opacityProperty().addListener(o -> redraw());
        tools.brushRadiusProperty().addListener(o -> redraw());
        tools.hiddenObjects().addListener((javafx.collections.SetChangeListener<String>) c -> redraw());
        tools.activeObjectProperty().addListener(o -> redraw());
        tools.styles().addListener((javafx.collections.MapChangeListener<String, LayerStyle>) c -> redraw());
        updateCursor();
    }

    /** The Click tool (its refiner is set by the workstation). */
    public ClickTool clickTool() {
        return clickTool;
    }

    /** Backspace with the Click tool: the active object redrawn without its last click; false when it has none. */
    public boolean removeLastClick() {
        ViewerDocument doc = document.get();
        String object = tools.activeObjectProperty().get();
        return doc != null && object != null && tools.toolProperty().get() == EditTool.CLICK
                && clickTool.removeLast(doc, frame, object);
    }

    /**
     * A mask redrawn from clicks arrived (FX thread): it goes into its document as one undoable step with the
     * clicks, shown at once when that document is in the viewer.
     */
    public void applyClicks(ViewerDocument doc, int onFrame, String object, java.util.List<io.proxyprompt.segment.Click>
            clicks, Mask redrawn) {
        ClickTool.apply(doc, onFrame, object, clicks, redrawn);
        if (doc == document.get()) {
            refreshOverlays();
        }
    }

    public ObjectProperty<ViewerDocument> documentProperty() {
        return document;
    }

    /** Shows a document from its first frame, fitted to the view. */
    public void show(ViewerDocument doc) {
        // reset the frame first: listeners of the document (frame slider, window/level) read it
        frame = 0;
        overlays.clear();
        polygon.clear();
        window = doc == null ? null : doc.stack().frame(0).window();
        document.set(doc);
        renderBase();
        fitted = true;
        fit();
    }

    public int frame() {
        return frame;
    }

    public void setFrame(int index) {
        ViewerDocument doc = document.get();
        if (doc == null || index == frame || index < 0 || index >= doc.stack().frameCount()) {
            return;
        }
        frame = index;
        polygon.clear();
        renderBase();
        redraw();
    }

    /** Display window (DICOM window/level) for grey frames; null uses the frame's own. */
    public void setWindow(Frame.Window window) {
        this.window = window;
        renderBase();
        redraw();
    }

    public void fit() {
        if (base != null && getWidth() > 0) {
            view.fit(base.getWidth(), base.getHeight(), getWidth(), getHeight());
            fitted = true;
        }
        redraw();
    }

    public void actualSize() {
        if (base != null) {
            fitted = false;
            view.actualSize(base.getWidth(), base.getHeight(), getWidth(), getHeight());
        }
        redraw();
    }

    public void zoom(double factor) {
        fitted = false;
        view.zoomAt(factor, getWidth() / 2, getHeight() / 2);
        redraw();
    }

    public double scale() {
        return view.scale();
    }

    /** Where an image pixel is on the screen (for pointing at it, e.g. in tests and tool tips). */
    public javafx.geometry.Point2D imageToScreen(double ix, double iy) {
        return localToScreen(view.toViewX(ix), view.toViewY(iy));
    }

    /** Space held: left-drag pans instead of drawing. */
    public void setSpaceDown(boolean down) {
        spaceDown = down;
        updateCursor();
    }

    /**
     * The document's masks were replaced by new ones (a run's results arrived): draws them, building the overlay
     * only of a mask not drawn before (twice the same results cost one build), and forgets the replaced masks'.
     * A mask changed in place needs {@link #refreshOverlays()} instead.
     */
    public void masksReplaced() {
        ViewerDocument doc = document.get();
        if (doc != null) {
            List<Mask> current = masksOf(doc);
            if (doc == paintedDocument && sameObjects(current, paintedMasks)) {
                // the results of a run were painted as they came; its end changes nothing in the image
                return;
            }
            overlays.retainOnly(current);
        }
        redraw();
    }

    private static List<Mask> masksOf(ViewerDocument doc) {
        List<Mask> masks = new ArrayList<>();
        for (int f = 0; f < doc.stack().frameCount(); f++) {
            doc.layers(f).stream().map(Layer::mask).filter(java.util.Objects::nonNull).forEach(masks::add);
        }
        return masks;
    }

    private static boolean sameObjects(List<Mask> a, List<Mask> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    public void refreshOverlays() {
        overlays.clear();
        redraw();
    }

    /** Undo the last edit of the current document; returns false when there is nothing to undo. */
    public boolean undo() {
        return step(true);
    }

    public boolean redo() {
        return step(false);
    }

    private boolean step(boolean undo) {
        ViewerDocument doc = document.get();
        if (doc == null) {
            return false;
        }
        MaskHistory h = doc.history();
        Optional<MaskHistory.Step> s = undo ? h.undo(doc::maskForHistoryLayer) : h.redo(doc::maskForHistoryLayer);
        s.ifPresent(step -> {
            ClickTool.restoreClicks(doc, step, undo);
            for (MaskHistory.Change c : step.changes()) {
                overlays.refresh(doc.maskForHistoryLayer(c.layer()), c.region());
                doc.edited(c.layer());
            }
            redraw();
        });
        return s.isPresent();
    }

    /**
     * Fills the polygon drawn so far (Enter or double-click); fewer than three points do nothing. Returns whether a
     * polygon was in progress (so Enter reaches dialogs and buttons otherwise).
     */
    public boolean closePolygon() {
        boolean active = !polygon.isEmpty();
        ViewerDocument doc = document.get();
        String object = tools.activeObjectProperty().get();
        if (doc != null && object != null && polygon.size() >= 3) {
            Mask m = doc.editableMask(frame, object);
            Mask before = m.copy();
            int[] xy = new int[polygon.size() * 2];
            for (int i = 0; i < polygon.size(); i++) {
                xy[2 * i] = (int) Math.floor(polygon.get(i)[0]);
                xy[2 * i + 1] = (int) Math.floor(polygon.get(i)[1]);
            }
            PixelRect r = MaskTools.polygon(m, xy, true);
            finishEdit(doc, object, m, before, r);
        }
        polygon.clear();
        redraw();
        return active;
    }

    /** Drops the polygon in progress (Esc); returns whether there was one. */
    public boolean cancelPolygon() {
        boolean active = !polygon.isEmpty();
        polygon.clear();
        redraw();
        return active;
    }

    /** Empties the active object's mask on this frame (undoable). */
    public void clearActive() {
        ViewerDocument doc = document.get();
        String object = tools.activeObjectProperty().get();
        if (doc != null && object != null) {
            Mask m = doc.editableMask(frame, object);
            Mask before = m.copy();
            finishEdit(doc, object, m, before, MaskTools.clear(m));
        }
    }

    /**
     * Applies a whole-mask correction to the active object on this frame as one undoable step: islands below the
     * tool state's size, or smoothing, growing or shrinking by a radius that suits the image's size. Returns
     * whether the mask changed.
     */
    public boolean applyShape(ShapeTools.Operation op) {
        ViewerDocument doc = document.get();
        String object = tools.activeObjectProperty().get();
        if (doc == null || object == null) {
            return false;
        }
        Mask m = doc.editableMask(frame, object);
        Mask before = m.copy();
        int amount = op == ShapeTools.Operation.ISLANDS ? tools.islandSizeProperty().get() : shapeRadius(m);
        PixelRect changed = ShapeTools.apply(op, m, amount);
        finishEdit(doc, object, m, before, changed, op.label());
        return !changed.isEmpty();
    }

    /** One step of smoothing, growing or shrinking: 1 px on a 600 px image, more on larger ones. */
    static int shapeRadius(Mask m) {
        return Math.max(1, (int) Math.round(Math.min(m.width(), m.height()) / 600.0));
    }

    private void finishEdit(ViewerDocument doc, String object, Mask m, Mask before, PixelRect changed) {
        finishEdit(doc, object, m, before, changed, "edit");
    }

    private void finishEdit(ViewerDocument doc, String object, Mask m, Mask before, PixelRect changed,
                            String label) {
        String layer = doc.historyLayer(object, frame);
        if (doc.history().record(label, java.util.List.of(new MaskHistory.Edit(layer, before, m)))) {
            overlays.refresh(m, changed);
            doc.edited(layer);
        }
        redraw();
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        lastX = e.getX();
        lastY = e.getY();
        ViewerDocument doc = document.get();
        if (doc != null && !spaceDown && tools.toolProperty().get() == EditTool.CLICK && e.getButton() != MouseButton.MIDDLE
                && tools.activeObjectProperty().get() != null) {
            boolean positive = e.getButton() == MouseButton.PRIMARY && !e.isAltDown();
            clickTool.click(doc, frame, tools.activeObjectProperty().get(), (int) Math.floor(view.toImageX(e.getX())),
                    (int) Math.floor(view.toImageY(e.getY())), positive);
            return;
        }
        panning = doc == null || spaceDown || e.getButton() == MouseButton.MIDDLE
                || e.getButton() == MouseButton.SECONDARY || tools.activeObjectProperty().get() == null;
        if (panning) {
            setCursor(Cursor.CLOSED_HAND);
            return;
        }
        String object = tools.activeObjectProperty().get();
        double ix = view.toImageX(e.getX());
        double iy = view.toImageY(e.getY());
        EditTool tool = tools.toolProperty().get();
        switch (tool) {
            case BRUSH, ERASER -> {
                strokeObject = object;
                strokeMask = doc.editableMask(frame, object);
                strokeBefore = strokeMask.copy();
                paint((int) Math.floor(ix), (int) Math.floor(iy), (int) Math.floor(ix), (int) Math.floor(iy));
            }
            case POLYGON -> {
                if (e.getClickCount() >= 2) {
                    closePolygon();
                } else {
                    polygon.add(new double[] {ix, iy});
                }
            }
            case FILL -> {
                Mask m = doc.editableMask(frame, object);
                Mask before = m.copy();
                boolean inside = !e.isAltDown();
                finishEdit(doc, object, m, before, MaskTools.floodFill(m, (int) Math.floor(ix),
                        (int) Math.floor(iy), inside));
            }
            default -> throw new IllegalStateException("Unknown tool " + tool);   // CLICK is handled above
        }
        redraw();
    }

    private void dragged(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        if (panning) {
            fitted = false;
            view.panBy(e.getX() - lastX, e.getY() - lastY);
        } else if (strokeMask != null) {
            paint((int) Math.floor(view.toImageX(lastX)), (int) Math.floor(view.toImageY(lastY)),
                    (int) Math.floor(view.toImageX(e.getX())), (int) Math.floor(view.toImageY(e.getY())));
        }
        lastX = e.getX();
        lastY = e.getY();
        redraw();
    }

    private void released(MouseEvent e) {
        if (panning) {
            panning = false;
            updateCursor();
            return;
        }
        if (strokeMask != null) {
            ViewerDocument doc = document.get();
            Mask m = strokeMask;
            strokeMask = null;
            String layer = doc.historyLayer(strokeObject, frame);
            if (doc.history().record(layer, strokeBefore, m)) {
                doc.edited(layer);
            }
            strokeBefore = null;
        }
    }

    private void paint(int x0, int y0, int x1, int y1) {
        boolean inside = tools.toolProperty().get() == EditTool.BRUSH;
        PixelRect r = MaskTools.stroke(strokeMask, x0, y0, x1, y1, tools.brushRadiusProperty().get(), inside);
        overlays.refresh(strokeMask, r);
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0) {
            return;
        }
        fitted = false;
        view.zoomAt(Math.exp(e.getDeltaY() * 0.0025), e.getX(), e.getY());
        redraw();
        e.consume();
    }

    private void updateCursor() {
        setCursor(spaceDown ? Cursor.OPEN_HAND : Cursor.CROSSHAIR);
    }

    private void onResize() {
        if (fitted) {
            fit();
        } else {
            redraw();
        }
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.floor(getWidth()));
        canvas.setHeight(Math.floor(getHeight()));
    }

    private void renderBase() {
        ViewerDocument doc = document.get();
        if (doc == null) {
            base = null;
            return;
        }
        Frame f = doc.stack().frame(frame);
        byte[] rgb = FrameRenderer.toRgb8(f, window);
        WritableImage img = base != null && base.getWidth() == f.width() && base.getHeight() == f.height()
                ? base : new WritableImage(f.width(), f.height());
        img.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getByteRgbInstance(), rgb, 0,
                f.width() * 3);
        base = img;
    }

    /** Paints the frame, the visible overlays, the polygon in progress and the brush outline. */
    void redraw() {
        ViewerDocument doc = document.get();
        paintedDocument = doc;
        paintedMasks = doc == null ? List.of() : masksOf(doc);
        placePhoto(doc);
        placeOverlays(doc);
        painter.paint(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(), doc, base,
                frame, polygon, mouseX, mouseY, spaceDown);
    }

    private void placeOverlays(ViewerDocument doc) {
        if (doc == null || base == null) {
            overlayNodes.hide();
            return;
        }
        List<Layer> shown = doc.layers(frame).stream().filter(l -> l.visible() && l.mask() != null
                && !tools.hiddenObjects().contains(l.object())).toList();
        overlayNodes.update(shown, tools, view);
    }

    /**
     * Shows the visible part of the frame where the view puts it (properties set only when they change, so that a
     * redraw of the overlays alone leaves the photograph's cached image in place).
     */
    private void placePhoto(ViewerDocument doc) {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (doc == null || base == null || w <= 0 || h <= 0) {
            photo.setVisible(false);
            photo.setImage(null);
            return;
        }
        double s = view.scale();
        double x0 = Math.max(0, -view.tx() / s);
        double y0 = Math.max(0, -view.ty() / s);
        double x1 = Math.min(base.getWidth(), (w - view.tx()) / s);
        double y1 = Math.min(base.getHeight(), (h - view.ty()) / s);
        if (x1 <= x0 || y1 <= y0) {
            photo.setVisible(false);
            return;
        }
        if (photo.getImage() != base) {
            photo.setImage(base);
        }
        javafx.geometry.Rectangle2D shown = new javafx.geometry.Rectangle2D(x0, y0, x1 - x0, y1 - y0);
        if (!shown.equals(photo.getViewport())) {
            photo.setViewport(shown);
        }
        photo.setLayoutX(view.tx() + x0 * s);
        photo.setLayoutY(view.ty() + y0 * s);
        photo.setFitWidth((x1 - x0) * s);
        photo.setFitHeight((y1 - y0) * s);
        photo.setSmooth(s < 1);
        photo.setVisible(true);
    }
}
