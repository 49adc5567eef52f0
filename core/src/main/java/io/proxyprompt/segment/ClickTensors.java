package io.proxyprompt.segment;

import io.proxyprompt.inference.Tensor;
import io.proxyprompt.preprocess.Geometry;

import java.util.List;

/**
 * Clicks on the original image as the click decoder takes them: {@code point_coords [1,P,2]} in model-input pixels
 * and {@code point_labels [1,P]}, with the pixel mapping of the training's click simulation (centre to centre:
 * {@code (x + 0.5) * scale - 0.5}).
 */
final class ClickTensors {

    private ClickTensors() {
    }

    static Tensor coords(List<Click> clicks, Geometry g) {
        float[] xy = new float[2 * clicks.size()];
        for (int i = 0; i < clicks.size(); i++) {
            Click c = clicks.get(i);
            if (c.x() >= g.originalWidth() || c.y() >= g.originalHeight()) {
                throw new IllegalArgumentException("click (" + c.x() + ", " + c.y() + ") lies outside the "
                        + g.originalWidth() + " x " + g.originalHeight() + " image");
            }
            xy[2 * i] = (float) ((c.x() + 0.5) * g.scaleX() - 0.5);
            xy[2 * i + 1] = (float) ((c.y() + 0.5) * g.scaleY() - 0.5);
        }
        return new Tensor(xy, new long[] {1, clicks.size(), 2});
    }

    static Tensor labels(List<Click> clicks) {
        float[] l = new float[clicks.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = clicks.get(i).positive() ? 1f : 0f;
        }
        return new Tensor(l, new long[] {1, clicks.size()});
    }
}
