package io.proxyprompt.ui.tasks;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The clinical measurements of one target frame: optic disc and cup areas, vertical cup-to-disc ratio and the
 * vessel area fraction inside the photograph's field of view. Computed off the FX thread.
 */
public record Measurements(OptionalLong discArea, OptionalLong cupArea, OptionalDouble verticalCdr,
                           OptionalDouble vesselFraction) {

    /** Nothing measured (no masks). */
    public static final Measurements NONE = new Measurements(OptionalLong.empty(), OptionalLong.empty(),
            OptionalDouble.empty(), OptionalDouble.empty());

    /** Measures the masks (by object name) of one frame; objects that are missing or empty are left out. */
    public static Measurements of(Map<String, Mask> masks, Frame frame) {
        Mask disc = nonEmpty(masks.get("disc"));
        Mask cup = nonEmpty(masks.get("cup"));
        Mask vessel = masks.get("vessel");
        OptionalDouble cdr = disc != null && cup != null ? MaskMetrics.verticalCupToDisc(cup, disc)
                : OptionalDouble.empty();
        OptionalDouble vessels = OptionalDouble.empty();
        if (vessel != null && vessel.sameSize(frame.width(), frame.height())) {
            Mask fov = MaskMetrics.fieldOfView(FrameRenderer.toRgb8(frame), frame.width(), frame.height());
            vessels = MaskMetrics.vesselAreaFraction(vessel, fov);
        }
        return new Measurements(disc == null ? OptionalLong.empty() : OptionalLong.of(disc.area()),
                cup == null ? OptionalLong.empty() : OptionalLong.of(cup.area()), cdr, vessels);
    }

    private static Mask nonEmpty(Mask m) {
        return m == null || m.isEmpty() ? null : m;
    }
}
