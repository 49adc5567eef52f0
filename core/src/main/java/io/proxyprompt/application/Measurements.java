package io.proxyprompt.application;

import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.mask.FieldOfView;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The clinical measurements of one target frame, taken from the regions after the {@link AnatomicalRules} (so a
 * speck left after erasing does not stretch the cup): optic disc and cup areas (in mm² too when the image states its
 * pixel spacing), vertical and horizontal cup-to-disc ratios, the rim-to-disc area ratio and the vessel area
 * fraction inside the photograph's field of view.
 *
 * @param mm2PerPixel area of one pixel in mm², when DICOM Pixel Spacing or Imager Pixel Spacing gives it
 */
public record Measurements(OptionalLong discArea, OptionalLong cupArea, OptionalDouble verticalCdr,
                           OptionalDouble horizontalCdr, OptionalDouble rimToDiscArea, OptionalDouble vesselFraction,
                           OptionalDouble mm2PerPixel) {

    /** Nothing measured (no masks). */
    public static final Measurements NONE = new Measurements(OptionalLong.empty(), OptionalLong.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty());

    /** Measures the masks (by object name) of one frame; objects that are missing or empty are left out. */
    public static Measurements of(Map<String, Mask> masks, Frame frame, AnatomicalRules rules) {
        return of(masks, frame, rules, null, null);
    }

    /**
     * Measures masks of which more is known, without doing again what was done: masks that already obey
     * {@code tidiedUnder} are not tidied again when it equals {@code rules}, and a field of view judged before is
     * used as it is. Either may be null (not known).
     */
    public static Measurements of(Map<String, Mask> masks, Frame frame, AnatomicalRules rules,
                                  AnatomicalRules tidiedUnder, FieldOfView fieldOfView) {
        Map<String, Mask> clean = rules.equals(tidiedUnder) ? masks : rules.apply(masks);
        Mask disc = nonEmpty(clean.get("disc"));
        Mask cup = nonEmpty(clean.get("cup"));
        Mask vessel = clean.get("vessel");
        OptionalDouble vcdr = OptionalDouble.empty();
        OptionalDouble hcdr = OptionalDouble.empty();
        OptionalDouble rim = OptionalDouble.empty();
        if (disc != null && cup != null) {
            vcdr = MaskMetrics.verticalCupToDisc(cup, disc);
            hcdr = MaskMetrics.horizontalCupToDisc(cup, disc);
            rim = OptionalDouble.of(Math.max(0, disc.area() - cup.area()) / (double) disc.area());
        }
        OptionalDouble vessels = OptionalDouble.empty();
        if (vessel != null && vessel.sameSize(frame.width(), frame.height())) {
            Mask fov = fieldOfView != null && fieldOfView.sameSize(frame.width(), frame.height())
                    ? fieldOfView.toMask()
                    : MaskMetrics.fieldOfView(FrameRenderer.rgb8View(frame), frame.width(), frame.height());
            vessels = MaskMetrics.vesselAreaFraction(vessel, fov);
        }
        return new Measurements(disc == null ? OptionalLong.empty() : OptionalLong.of(disc.area()),
                cup == null ? OptionalLong.empty() : OptionalLong.of(cup.area()), vcdr, hcdr, rim, vessels,
                mm2PerPixel(frame));
    }

    /** The area of a pixel in mm² from the frame's DICOM header (Pixel Spacing, else Imager Pixel Spacing). */
    public static OptionalDouble mm2PerPixel(Frame frame) {
        DicomObject header = frame.origin() == null ? null : frame.origin().header();
        if (header == null) {
            return OptionalDouble.empty();
        }
        for (int tag : new int[] {Tag.PixelSpacing, Tag.ImagerPixelSpacing}) {
            double[] spacing = spacing(header, tag);
            if (spacing == null) {
                DicomObject shared = header.getItem(Tag.SharedFunctionalGroupsSequence);
                DicomObject measures = shared == null ? null : shared.getItem(Tag.PixelMeasuresSequence);
                spacing = measures == null ? null : spacing(measures, tag);
            }
            if (spacing != null) {
                return OptionalDouble.of(spacing[0] * spacing[1]);
            }
        }
        return OptionalDouble.empty();
    }

    private static double[] spacing(DicomObject ds, int tag) {
        double[] v = ds.getDoubles(tag);
        return v != null && v.length == 2 && v[0] > 0 && v[1] > 0 && Double.isFinite(v[0]) && Double.isFinite(v[1])
                ? v : null;
    }

    /** An area in mm², when the pixel size is known. */
    public OptionalDouble mm2(long areaPx) {
        return mm2PerPixel.isPresent() ? OptionalDouble.of(areaPx * mm2PerPixel.getAsDouble()) : OptionalDouble.empty();
    }

    private static Mask nonEmpty(Mask m) {
        return m == null || m.isEmpty() ? null : m;
    }
}
