package io.proxyprompt.quality;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.mask.FieldOfView;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskShape;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.ResultCheck;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Flags results that a clinician should check before trusting them: a cup that covers or leaves the disc, an optic
 * disc in pieces, spread like a vessel tree or on the rim of the photograph, an object far larger or smaller than on
 * the support, a disc or cup much paler than on the support (a white light reflex), an empty result, or a decoder
 * that predicts a poor mask. Runs after every model run and, without
 * the model-only checks, after every hand edit. Which objects are single solid regions and which lie inside which
 * come from the same {@link AnatomicalRules} as the clean-up.
 */
public final class QualityCheck {

    /**
     * The limits of the checks.
     *
     * @param cupFillsDisc     cup area / disc area at or above which the cup "covers the disc"
     * @param clippedOutside   share of the model's cup outside the disc above which it is flagged
     * @param secondPiece      a piece at least this share of the largest one counts as a second region
     * @param minSolidity      a solid structure less compact than this (area / convex hull) is flagged
     * @param areaFactor       a single-region object (disc) this many times larger or smaller than on the support
     *                         is flagged; discs differ by 2-3x between eyes and framings, so this is wide
     * @param treeAreaFactor   the same for other objects (vessels), whose failures shrink or swell them far more
     * @param minPredictedIou  a decoder confidence below this is flagged
     * @param minSaturation    a solid object whose colour saturation is below this share of the support object's
     *                         is flagged (a white light reflex taken for the disc)
     */
    public record Limits(double cupFillsDisc, double clippedOutside, double secondPiece, double minSolidity,
                         double areaFactor, double treeAreaFactor, double minPredictedIou, double minSaturation) {

        /** The limits chosen on the tuning cases of tools/qc_pairs.py (README, "Quality flags"). */
        public static Limits defaults() {
            return new Limits(0.95, 0.10, 0.10, 0.80, 4.0, 2.5, 0.50, 0.60);
        }
    }

    /**
     * Per object, the share of the image its support masks cover and the colour saturation inside them (means over
     * the support pairs), which the size and colour checks compare results with.
     *
     * @param fractions  object name -> mean area fraction
     * @param saturation object name -> mean HSV saturation (0-1) inside the support masks of colour photographs
     */
    public record SupportAreas(Map<String, Double> fractions, Map<String, Double> saturation) {
        /** No support known (the size and colour checks are skipped). */
        public static final SupportAreas NONE = new SupportAreas(Map.of(), Map.of());

        /** Areas only (the colour check is skipped). */
        public SupportAreas(Map<String, Double> fractions) {
            this(fractions, Map.of());
        }
    }

    private final Limits limits;
    private final Set<String> solid;
    private final Map<String, String> inside;

    public QualityCheck(Limits limits, AnatomicalRules rules) {
        this.limits = limits;
        this.solid = rules.singleRegion();
        this.inside = rules.inside();
    }

    /** The default limits over the default anatomical rules. */
    public static QualityCheck defaults() {
        return new QualityCheck(Limits.defaults(), AnatomicalRules.defaults());
    }

    /** The support masks' area fractions, for the size check. */
    public SupportAreas supportAreas(SupportSet support) {
        Map<String, Double> sum = new LinkedHashMap<>();
        Map<String, Double> saturation = new LinkedHashMap<>();
        Map<String, Integer> coloured = new LinkedHashMap<>();
        for (SupportPair p : support.pairs()) {
            double pixels = (double) p.image().width() * p.image().height();
            byte[] rgb = p.image().channels() == 3 ? FrameRenderer.rgb8View(p.image()) : null;
            for (ObjectMask m : p.masks()) {
                sum.merge(m.name(), m.mask().area() / pixels, Double::sum);
                if (rgb != null && !m.mask().isEmpty()) {
                    saturation.merge(m.name(), meanSaturation(rgb, m.mask()), Double::sum);
                    coloured.merge(m.name(), 1, Integer::sum);
                }
            }
        }
        sum.replaceAll((k, v) -> v / support.size());
        saturation.replaceAll((k, v) -> v / coloured.get(k));
        return new SupportAreas(sum, saturation);
    }

    /** The mean HSV saturation ((max - min) / max) of the photograph's pixels inside the mask. */
    static double meanSaturation(byte[] rgb, Mask mask) {
        double[] sum = new double[1];
        long[] n = new long[1];
        mask.forEachRun((start, length) -> {
            for (int i = start; i < start + length; i++) {
                int r = rgb[3 * i] & 0xFF;
                int g = rgb[3 * i + 1] & 0xFF;
                int b = rgb[3 * i + 2] & 0xFF;
                int max = Math.max(r, Math.max(g, b));
                sum[0] += max == 0 ? 0 : (max - Math.min(r, Math.min(g, b))) / (double) max;
            }
            n[0] += length;
        });
        return n[0] == 0 ? 0 : sum[0] / n[0];
    }

    /** Checks a model result (every check, including the decoder's confidence and what the clean-up removed). */
    public QualityReport check(SegmentationResult result, Frame image, SupportAreas support) {
        return check(result, image, support, () -> fieldOfView(image));
    }

    /**
     * As {@link #check(SegmentationResult, Frame, SupportAreas)}, with the photograph's field of view judged
     * beforehand ({@link #fieldOfView(Frame)}, asked for only when a check needs it): the batch judges it on
     * another thread while the graphs run.
     */
    public QualityReport check(SegmentationResult result, Frame image, SupportAreas support,
                               Supplier<Optional<FieldOfView>> fieldOfView) {
        Map<String, Mask> masks = result.masks();
        Map<String, List<QcFlag>> flags = shapeFlags(masks, image, support, fieldOfView);
        for (SegmentationResult.ObjectResult o : result.objects()) {
            List<QcFlag> f = flags.computeIfAbsent(o.name(), k -> new ArrayList<>());
            long drawn = o.mask().area() + o.clippedOutside();
            if (o.clippedOutside() > limits.clippedOutside() * drawn && drawn > 0
                    && "disc".equals(inside.get(o.name()))) {
                f.add(QcFlag.CUP_OUTSIDE_DISC);
            }
            if (!o.mask().isEmpty() && o.iou() < limits.minPredictedIou()) {
                f.add(QcFlag.LOW_CONFIDENCE);
            }
        }
        return new QualityReport(flags);
    }

    /**
     * These checks as an evaluation sees them: the flag codes of each object of a result, judged against the
     * support the result was made with (so {@code evaluate} can count the failures the flags catch).
     */
    public ResultCheck forEvaluation() {
        return (result, image, support) -> {
            Map<String, List<String>> codes = new LinkedHashMap<>();
            check(result, image, supportAreas(support)).flags()
                    .forEach((object, f) -> codes.put(object, f.stream().map(QcFlag::code).toList()));
            return codes;
        };
    }

    /** Checks masks as they are now (after a hand edit): the shape and size checks only. */
    public QualityReport check(Map<String, Mask> masks, Frame image, SupportAreas support) {
        return new QualityReport(shapeFlags(masks, image, support, () -> fieldOfView(image)));
    }

    /** Whether checking results for these objects looks at the photograph's field of view (a disc must not touch it). */
    public boolean usesFieldOfView(Collection<String> objects) {
        return objects.stream().anyMatch(this::judgedAgainstFieldOfView);
    }

    /** A single solid region not nested in another (the disc): it must not reach the field of view's edge. */
    private boolean judgedAgainstFieldOfView(String object) {
        return solid.contains(object) && !inside.containsKey(object);
    }

    private Map<String, List<QcFlag>> shapeFlags(Map<String, Mask> masks, Frame image, SupportAreas support,
                                                 Supplier<Optional<FieldOfView>> fieldOfView) {
        Map<String, List<QcFlag>> flags = new LinkedHashMap<>();
        Optional<FieldOfView> fov = null;
        byte[] rgb = null;
        double pixels = (double) image.width() * image.height();
        for (Map.Entry<String, Mask> e : masks.entrySet()) {
            String object = e.getKey();
            Mask mask = e.getValue();
            List<QcFlag> f = new ArrayList<>();
            flags.put(object, f);
            if (mask.isEmpty()) {
                f.add(QcFlag.EMPTY);
                continue;
            }
            if (solid.contains(object)) {
                MaskShape shape = MaskShape.of(mask);
                if (shape.largePieces(limits.secondPiece()) > 1) {
                    f.add(QcFlag.SEVERAL_PIECES);
                }
                if (shape.solidity() < limits.minSolidity()) {
                    f.add(QcFlag.NOT_COMPACT);
                }
                if (judgedAgainstFieldOfView(object)) {
                    fov = fov != null ? fov : fieldOfView.get();
                    if (fov.isPresent() && touchesOutside(mask, fov.get())) {
                        f.add(QcFlag.AT_FIELD_EDGE);
                    }
                }
                Double supportSaturation = support.saturation().get(object);
                if (supportSaturation != null && supportSaturation > 0 && image.channels() == 3) {
                    rgb = rgb != null ? rgb : FrameRenderer.rgb8View(image);
                    if (meanSaturation(rgb, mask) < limits.minSaturation() * supportSaturation) {
                        f.add(QcFlag.COLOUR_UNLIKE_SUPPORT);
                    }
                }
            }
            // a nested object's size is judged against its container (the cup against the disc), since cups of
            // one camera range from a tenth to most of the disc
            Double expected = inside.containsKey(object) ? null : support.fractions().get(object);
            if (expected != null && expected > 0) {
                double ratio = mask.area() / pixels / expected;
                double factor = solid.contains(object) ? limits.areaFactor() : limits.treeAreaFactor();
                if (ratio > factor || ratio < 1 / factor) {
                    f.add(QcFlag.AREA_UNLIKE_SUPPORT);
                }
            }
        }
        for (Map.Entry<String, String> rule : inside.entrySet()) {
            Mask inner = masks.get(rule.getKey());
            Mask outer = masks.get(rule.getValue());
            if (inner != null && outer != null && !inner.isEmpty() && !outer.isEmpty()
                    && inner.area() >= limits.cupFillsDisc() * outer.area()) {
                flags.get(rule.getKey()).add(QcFlag.CUP_FILLS_DISC);
            }
        }
        return flags;
    }

    /**
     * The photograph's field of view as the checks judge it; empty when the frame is not a colour photograph with a
     * dark border.
     */
    public static Optional<FieldOfView> fieldOfView(Frame image) {
        return image.channels() != 3 ? Optional.empty() : withEdge(photographFieldOfView(image));
    }

    /** The field of view of a colour photograph, judged once and shared by the checks and the measurements. */
    public static FieldOfView photographFieldOfView(Frame image) {
        return FieldOfView.of(FrameRenderer.rgb8View(image), image.width(), image.height());
    }

    /** The field of view as the checks judge against it: empty when it has no edge (no dark border to touch). */
    public static Optional<FieldOfView> withEdge(FieldOfView fov) {
        return fov.covers(0.97) ? Optional.empty() : Optional.of(fov);
    }

    /** Whether the mask, grown by a few pixels, reaches outside the field of view. */
    private static boolean touchesOutside(Mask mask, FieldOfView fov) {
        return fov.reachedBy(mask, Math.max(2, Math.min(mask.width(), mask.height()) / 200));
    }
}
