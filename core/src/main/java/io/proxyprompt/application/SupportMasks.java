package io.proxyprompt.application;

import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.seg.BinaryFrame;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.export.SegFrames;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegmentInfo;
import io.proxyprompt.image.Frame;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads a support mask for one object on one support frame, from a PNG or from a segment of a DICOM SEG (the
 * segment whose label is the object's name, on the frame that references the support image). Runs on a worker
 * thread; every refusal names the file and says what to do.
 */
public final class SupportMasks {

    private SupportMasks() {
    }

    /** Whether the file is loaded as DICOM SEG rather than as an image (by its content, not its name). */
    public static boolean isDicom(Path file) {
        return DicomParser.looksLikeDicom(file);
    }

    /** The object's mask on {@code frame} of the support image. */
    public static Mask load(Path file, String object, Frame frame) throws IOException {
        if (!isDicom(file)) {
            return MaskFiles.read(file, frame.width(), frame.height());
        }
        SegDocument seg;
        try {
            seg = new SegReader().read(file);
        } catch (DicomParseException e) {
            throw new IOException(file.getFileName() + ": not a readable DICOM SEG (" + e.getMessage()
                    + "); choose a Segmentation object or a PNG mask", e);
        }
        List<SegmentInfo> segments = seg.segments();
        Optional<SegmentInfo> match = segments.stream()
                .filter(s -> s.label() != null && s.label().strip().equalsIgnoreCase(object)).findFirst();
        if (match.isEmpty() && segments.size() == 1
                && (segments.get(0).label() == null || segments.get(0).label().isBlank())) {
            match = Optional.of(segments.get(0));
        }
        if (match.isEmpty()) {
            throw new IOException(file.getFileName() + ": no segment labelled '" + object + "' (it has "
                    + segments.stream().map(SegmentInfo::label).toList() + "); pick the SEG made for this object");
        }
        int number = match.get().number();
        String uid = frame.origin() == null ? null : frame.origin().sopInstanceUid();
        Optional<BinaryFrame> mask = Optional.empty();
        if (uid != null) {
            mask = seg.mask(number, uid, frame.origin().frameIndex());
        }
        if (mask.isEmpty()) {
            // a SEG that does not reference its source: accept its only frame of this segment when sizes agree
            List<SegDocument.Frame> own = seg.frames().stream().filter(f -> f.segmentNumber() == number).toList();
            if (own.size() == 1 && (uid == null || own.get(0).sourceSopInstanceUid() == null)) {
                mask = Optional.of(own.get(0).mask());
            }
        }
        if (mask.isEmpty()) {
            throw new IOException(file.getFileName() + ": segment '" + match.get().label() + "' has no frame on "
                    + "this support image; load the SEG that was made for it");
        }
        BinaryFrame m = mask.get();
        if (!m.sameSize(frame.width(), frame.height())) {
            throw new IOException(file.getFileName() + ": the segment is " + m.width() + "x" + m.height()
                    + " but the image is " + frame.width() + "x" + frame.height() + "; load a SEG of this image");
        }
        return SegFrames.toMask(m);
    }
}
