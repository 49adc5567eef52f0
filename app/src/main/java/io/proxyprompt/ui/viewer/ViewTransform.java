package io.proxyprompt.ui.viewer;

/** Maps between image pixels and viewer pixels: a uniform scale and a translation (zoom and pan). */
public final class ViewTransform {

    public static final double MIN_SCALE = 0.02;
    public static final double MAX_SCALE = 40;

    private double scale = 1;
    private double tx;
    private double ty;

    public double scale() {
        return scale;
    }

    public double tx() {
        return tx;
    }

    public double ty() {
        return ty;
    }

    /** Scales the image to fit inside the view with a small margin and centres it. */
    public void fit(double imageW, double imageH, double viewW, double viewH) {
        if (imageW <= 0 || imageH <= 0 || viewW <= 0 || viewH <= 0) {
            return;
        }
        scale = clamp(Math.min((viewW - 16) / imageW, (viewH - 16) / imageH));
        tx = (viewW - imageW * scale) / 2;
        ty = (viewH - imageH * scale) / 2;
    }

    /** One image pixel per screen pixel, centred. */
    public void actualSize(double imageW, double imageH, double viewW, double viewH) {
        scale = 1;
        tx = (viewW - imageW) / 2;
        ty = (viewH - imageH) / 2;
    }

    /** Zooms by {@code factor} keeping the view point (vx, vy) over the same image point. */
    public void zoomAt(double factor, double vx, double vy) {
        double next = clamp(scale * factor);
        double ix = toImageX(vx);
        double iy = toImageY(vy);
        scale = next;
        tx = vx - ix * scale;
        ty = vy - iy * scale;
    }

    public void panBy(double dx, double dy) {
        tx += dx;
        ty += dy;
    }

    public double toImageX(double vx) {
        return (vx - tx) / scale;
    }

    public double toImageY(double vy) {
        return (vy - ty) / scale;
    }

    public double toViewX(double ix) {
        return ix * scale + tx;
    }

    public double toViewY(double iy) {
        return iy * scale + ty;
    }

    private static double clamp(double s) {
        return Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
    }
}
