package io.proxyprompt.application;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.common.OpenCv;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.Workspace;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The clinic's own annotations in a workspace: the targets a clinician accepted (reviewed), whose masks are the
 * corrected ones, written as a pairs folder ({@link PairsFolder}'s layout, which {@code adapt} and the training
 * code read): {@code <stem>.<ext>} image and {@code <stem>_<object>.png} masks.
 */
public final class AcceptedCases {

    /** Extensions the training code reads as they are; any other image (DICOM) is written as PNG. */
    private static final Set<String> PHOTO_EXT = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

    /**
     * What was written.
     *
     * @param skipped accepted targets left out, each with the reason
     */
    public record Written(PairsFolder pairs, List<String> skipped) {
    }

    private AcceptedCases() {
    }

    /**
     * One accepted target, its masks copied (so it can be written off the thread that edits the workspace).
     *
     * @param severalFrames a series or multi-frame target: not a photograph pair, left out
     */
    public record Case(String name, Path source, Map<String, Mask> masks, boolean severalFrames) {
    }

    /** The accepted (reviewed) targets that have masks, copied now; call on the thread that edits. */
    public static List<Case> of(Workspace workspace) {
        List<Case> cases = new ArrayList<>();
        for (TargetEntry t : workspace.targets()) {
            if (t.reviewed() && !t.masksOf(0).isEmpty()) {
                Map<String, Mask> masks = new java.util.LinkedHashMap<>();
                t.masksOf(0).forEach((o, m) -> masks.put(o, m.copy()));
                cases.add(new Case(t.name(), t.source(), masks,
                        t.masks().keySet().stream().anyMatch(l -> l.frame() > 0)));
            }
        }
        return cases;
    }

    /**
     * Writes the cases into {@code folder} (created; files already there are refused) and scans it back.
     *
     * @throws IOException naming the file that could not be written
     */
    public static Written write(List<Case> cases, Images images, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<String> skipped = new ArrayList<>();
        Set<String> stems = new HashSet<>();
        for (Case t : cases) {
            if (t.severalFrames()) {
                skipped.add(t.name() + ": has several frames (a series); only photographs are used");
                continue;
            }
            String stem = unique(OutputLayout.safe(stemOf(t.name())), stems);
            String ext = extension(t.source());
            try {
                if (PHOTO_EXT.contains(ext)) {
                    Files.copy(t.source(), folder.resolve(stem + "." + ext), StandardCopyOption.COPY_ATTRIBUTES);
                } else {
                    AtomicFiles.write(folder.resolve(stem + ".png"), png(images.openFrame(t.source())),
                            AtomicFiles.Existing.REFUSE);
                }
            } catch (ImageLoadException | java.nio.file.NoSuchFileException e) {
                skipped.add(t.name() + ": the image cannot be read (" + e.getMessage() + ")");
                continue;
            }
            for (Map.Entry<String, Mask> m : t.masks().entrySet()) {
                // the object is the part after the last '_' of a mask's name
                MaskFiles.write(folder.resolve(stem + "_" + m.getKey().replace('_', '-') + ".png"), m.getValue(),
                        AtomicFiles.Existing.REFUSE);
            }
        }
        return new Written(PairsFolder.scan(folder), skipped);
    }

    private static byte[] png(Frame frame) throws IOException {
        OpenCv.load();
        Mat rgb = new Mat(frame.height(), frame.width(), CvType.CV_8UC3);
        Mat bgr = new Mat();
        MatOfByte out = new MatOfByte();
        try {
            rgb.put(0, 0, FrameRenderer.toRgb8(frame));
            Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
            if (!Imgcodecs.imencode(".png", bgr, out)) {
                throw new IOException("the image could not be encoded as PNG");
            }
            return out.toArray();
        } finally {
            rgb.release();
            bgr.release();
            out.release();
        }
    }

    private static String unique(String stem, Set<String> taken) {
        String s = stem;
        for (int n = 2; !taken.add(s); n++) {
            s = stem + "-" + n;
        }
        return s;
    }

    private static String stemOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
