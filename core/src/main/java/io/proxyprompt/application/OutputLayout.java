package io.proxyprompt.application;

import java.nio.file.Path;
import java.util.List;

/**
 * The one file layout of exports and of {@code segment --out}:
 * <pre>
 * OUT/measurements.csv
 * OUT/&lt;target&gt;/&lt;object&gt;.png            one frame       (&lt;object&gt;_f001.png ... for several frames)
 * OUT/&lt;target&gt;/labels.png               one support set (labels_&lt;set&gt;.png for several; _f001 ... per frame)
 * OUT/&lt;target&gt;/&lt;target&gt;_seg.dcm         DICOM SEG of a DICOM target (_2, _3 ... per further series)
 * </pre>
 * Label maps hold 0 for background and 1, 2, ... for the objects in their support set's order; where objects
 * overlap the later one wins, so a cup drawn after its disc shows as the cup and the disc is labels 1 and 2 together.
 */
public record OutputLayout(Path outDir) {

    /** The measurements table. */
    public Path csv() {
        return outDir.resolve("measurements.csv");
    }

    /** A target's folder. */
    public Path targetDir(String target) {
        return outDir.resolve(safe(target));
    }

    /** An object's mask on one frame. */
    public Path mask(String target, String object, int frame, int frameCount) {
        return targetDir(target).resolve(perFrame(object, frame, frameCount) + ".png");
    }

    /** The label map of one support set on one frame. */
    public Path labelMap(String target, String group, List<?> groups, int frame, int frameCount) {
        String base = groups.size() <= 1 ? "labels" : "labels_" + safe(group);
        return targetDir(target).resolve(perFrame(base, frame, frameCount) + ".png");
    }

    private static String perFrame(String base, int frame, int frameCount) {
        return frameCount == 1 ? base : base + String.format("_f%03d", frame + 1);
    }

    /** A file-name-safe form of a name. */
    public static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "target" : s;
    }
}
