package io.proxyprompt.dicom.seg;

import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.dicom.pixel.DecodedFrame;
import io.proxyprompt.dicom.pixel.PixelDecoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a Segmentation object (BINARY, or FRACTIONAL thresholded at one half) back into masks, mapping each frame
 * to its segment and to the source SOP Instance UID and frame it was derived from.
 */
public final class SegReader {

    private final DicomParser parser;
    private final PixelDecoder decoder;

    public SegReader(DicomParser parser, PixelDecoder decoder) {
        this.parser = parser;
        this.decoder = decoder;
    }

    public SegReader() {
        this(new DicomParser(), new PixelDecoder());
    }

    public SegDocument read(Path file) throws DicomParseException {
        DicomFile df = parser.read(file);
        DicomObject ds = df.dataset();
        if (!Uids.SEGMENTATION_STORAGE.equals(df.sopClassUid())) {
            throw new DicomParseException(file, -1, "not a DICOM Segmentation (SOP Class " + df.sopClassUid()
                    + "; label-map and other segmentation classes are not supported)");
        }
        String type = ds.getString(Tag.SegmentationType, "").toUpperCase(Locale.ROOT);
        if (!type.equals("BINARY") && !type.equals("FRACTIONAL")) {
            throw new DicomParseException(file, -1, "Segmentation Type '" + type + "' is not supported");
        }
        int maxFraction = ds.getInt(Tag.MaximumFractionalValue, 255);
        List<SegmentInfo> segments = new ArrayList<>();
        for (DicomObject item : ds.getSequence(Tag.SegmentSequence)) {
            segments.add(segment(file, item));
        }
        if (segments.isEmpty()) {
            throw new DicomParseException(file, -1, "SEG has no Segment Sequence items");
        }
        List<DicomObject> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        DicomObject shared = ds.getItem(Tag.SharedFunctionalGroupsSequence);
        int frames = decoder.frameCount(df);
        if (perFrame.size() != frames && segments.size() > 1) {
            throw new DicomParseException(file, -1, "SEG has " + frames + " frames but " + perFrame.size()
                    + " per-frame functional group items, so frames cannot be tied to segments");
        }
        String onlySource = onlyReferencedInstance(ds);
        List<SegDocument.Frame> out = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            DicomObject own = i < perFrame.size() ? perFrame.get(i) : null;
            DicomObject ident = group(own, shared, Tag.SegmentIdentificationSequence);
            int segment = ident == null ? segments.get(0).number() : ident.getInt(Tag.ReferencedSegmentNumber, 1);
            DicomObject derivation = group(own, shared, Tag.DerivationImageSequence);
            DicomObject source = derivation == null ? null : derivation.getItem(Tag.SourceImageSequence);
            String sourceUid = source == null ? onlySource : source.getString(Tag.ReferencedSOPInstanceUID);
            int sourceFrame = source == null ? 0 : Math.max(1, source.getInt(Tag.ReferencedFrameNumber, 1)) - 1;
            DecodedFrame d = decoder.decode(df, i);
            byte[] bits = new byte[d.width() * d.height()];
            for (int p = 0; p < bits.length; p++) {
                int v = d.pixels().sample(p);
                boolean inside = type.equals("BINARY") || ds.getInt(Tag.BitsAllocated, 1) == 1 ? v != 0
                        : 2 * v >= maxFraction && v > 0;
                bits[p] = inside ? (byte) 255 : 0;
            }
            out.add(new SegDocument.Frame(segment, sourceUid, sourceFrame, new BinaryFrame(d.width(), d.height(), bits)));
        }
        return new SegDocument(df.sopInstanceUid(), ds.getString(Tag.SeriesInstanceUID),
                ds.getString(Tag.StudyInstanceUID), ds.getInt(Tag.Rows, 0), ds.getInt(Tag.Columns, 0), segments, out);
    }

    private static SegmentInfo segment(Path file, DicomObject item) throws DicomParseException {
        int number = item.getInt(Tag.SegmentNumber, -1);
        if (number < 1) {
            throw new DicomParseException(file, -1, "segment without a valid Segment Number");
        }
        Code category = Code.of(item.getItem(Tag.SegmentedPropertyCategoryCodeSequence));
        Code type = Code.of(item.getItem(Tag.SegmentedPropertyTypeCodeSequence));
        SegmentInfo.AlgorithmType algo;
        try {
            algo = SegmentInfo.AlgorithmType.valueOf(item.getString(Tag.SegmentAlgorithmType, "MANUAL"));
        } catch (IllegalArgumentException e) {
            algo = SegmentInfo.AlgorithmType.MANUAL;
        }
        String algoName = item.getString(Tag.SegmentAlgorithmName);
        if (algo != SegmentInfo.AlgorithmType.MANUAL && algoName == null) {
            algoName = "unknown";
        }
        return new SegmentInfo(number, item.getString(Tag.SegmentLabel, "segment " + number),
                item.getString(Tag.SegmentDescription), category == null ? new Code("", "", "") : category,
                type == null ? new Code("", "", "") : type, algo, algoName, null);
    }

    private static DicomObject group(DicomObject own, DicomObject shared, int sequence) {
        if (own != null && own.getItem(sequence) != null) {
            return own.getItem(sequence);
        }
        return shared == null ? null : shared.getItem(sequence);
    }

    private static String onlyReferencedInstance(DicomObject ds) {
        List<String> uids = new ArrayList<>();
        for (DicomObject series : ds.getSequence(Tag.ReferencedSeriesSequence)) {
            for (DicomObject inst : series.getSequence(Tag.ReferencedInstanceSequence)) {
                uids.add(inst.getString(Tag.ReferencedSOPInstanceUID));
            }
        }
        return uids.size() == 1 ? uids.get(0) : null;
    }
}
