package io.proxyprompt.dicom.seg;

import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.dicom.pixel.DecodedFrame;
import io.proxyprompt.dicom.pixel.PixelDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Segmentation object back into masks, mapping each frame to its segment and to the source SOP Instance
 * UID and frame it was derived from: BINARY SEGs as stored, FRACTIONAL SEGs thresholded at a fraction the caller
 * chooses (the document says which, and keeps the fractions), and Label Map SEGs one mask per label present.
 * The masks are held to the parser's bounded-memory rule: a SEG that would need more is refused before any is
 * allocated.
 */
public final class SegReader {

    /** The fraction at or above which a FRACTIONAL SEG's pixel is inside, unless the caller says otherwise. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final Map<String, String> OTHER_SEGMENTATIONS = Map.of(
            "1.2.840.10008.5.1.4.1.1.66.5", "Surface Segmentation Storage (a mesh, not masks)",
            "1.2.840.10008.5.1.4.1.1.66.6", "Tractography Results Storage",
            "1.2.840.10008.5.1.4.1.1.481.3", "RT Structure Set Storage (contours, not masks)");

    private final DicomParser parser;
    private final PixelDecoder decoder;

    public SegReader(DicomParser parser, PixelDecoder decoder) {
        this.parser = parser;
        this.decoder = decoder;
    }

    public SegReader() {
        this(new DicomParser(), new PixelDecoder());
    }

    /** Reads the SEG; FRACTIONAL ones are thresholded at {@value #DEFAULT_THRESHOLD}. */
    public SegDocument read(Path file) throws DicomParseException {
        return read(file, DEFAULT_THRESHOLD);
    }

    /**
     * Reads the SEG.
     *
     * @param threshold for FRACTIONAL SEGs, the fraction (0..1) of the maximum at or above which a pixel is inside
     */
    public SegDocument read(Path file, double threshold) throws DicomParseException {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie between 0 and 1: " + threshold);
        }
        DicomFile df = parser.read(file);
        DicomObject ds = df.dataset();
        String sopClass = df.sopClassUid();
        if (!Uids.isSegmentation(sopClass)) {
            String other = OTHER_SEGMENTATIONS.get(sopClass);
            throw new DicomParseException(file, -1, "not a DICOM Segmentation (SOP Class " + sopClass
                    + (other == null ? "" : ", " + other) + "); choose a Segmentation (SEG) object");
        }
        boolean labelMapClass = Uids.LABEL_MAP_SEGMENTATION_STORAGE.equals(sopClass);
        SegDocument.Type type = type(file, ds, labelMapClass);
        SegDocument.Fractional fractional = type == SegDocument.Type.FRACTIONAL ? fractional(file, ds, threshold)
                : null;
        List<SegmentInfo> segments = new ArrayList<>();
        for (DicomObject item : ds.getSequence(Tag.SegmentSequence)) {
            if (type == SegDocument.Type.LABELMAP && item.getInt(Tag.SegmentNumber, -1) == 0) {
                continue; // label 0 is the background of a label map
            }
            segments.add(segment(file, item));
        }
        if (segments.isEmpty()) {
            throw new DicomParseException(file, -1, "SEG has no Segment Sequence items");
        }
        int frames = decoder.frameCount(df);
        List<DicomObject> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        if (perFrame.size() != frames && (segments.size() > 1 || type == SegDocument.Type.LABELMAP)) {
            throw new DicomParseException(file, -1, "SEG has " + frames + " frames but " + perFrame.size()
                    + " per-frame functional group items, so frames cannot be tied to segments");
        }
        Budget budget = new Budget(file);
        long pixels = (long) ds.getInt(Tag.Rows, 0) * ds.getInt(Tag.Columns, 0);
        if (type != SegDocument.Type.LABELMAP) {
            budget.charge(pixels * frames * (fractional != null ? 2 : 1), frames + " frames");
        }
        DicomObject shared = ds.getItem(Tag.SharedFunctionalGroupsSequence);
        String onlySource = onlyReferencedInstance(ds);
        List<SegDocument.Frame> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            DicomObject own = i < perFrame.size() ? perFrame.get(i) : null;
            DicomObject derivation = group(own, shared, Tag.DerivationImageSequence);
            DicomObject source = derivation == null ? null : derivation.getItem(Tag.SourceImageSequence);
            String sourceUid = source == null ? onlySource : source.getString(Tag.ReferencedSOPInstanceUID);
            int sourceFrame = source == null ? 0 : Math.max(1, source.getInt(Tag.ReferencedFrameNumber, 1)) - 1;
            if (type == SegDocument.Type.LABELMAP) {
                DecodedFrame d = decoder.decodeStoredValues(df, i);
                labels(d, segments, budget, i, sourceUid, sourceFrame, out);
                continue;
            }
            DecodedFrame d = decoder.decode(df, i);
            DicomObject ident = group(own, shared, Tag.SegmentIdentificationSequence);
            int segment = ident == null ? segments.get(0).number() : ident.getInt(Tag.ReferencedSegmentNumber, 1);
            byte[] bits = new byte[d.width() * d.height()];
            byte[] fractions = fractional == null ? null : new byte[bits.length];
            int min = fractional == null ? 1 : fractional.minimumInside();
            for (int p = 0; p < bits.length; p++) {
                int v = d.pixels().sample(p);
                if (fractions != null) {
                    fractions[p] = (byte) Math.min(v, fractional.maximum());
                }
                bits[p] = v >= min ? (byte) 255 : 0;
            }
            out.add(new SegDocument.Frame(segment, sourceUid, sourceFrame, new BinaryFrame(d.width(), d.height(), bits),
                    fractions));
        }
        return new SegDocument(df.sopInstanceUid(), ds.getString(Tag.SeriesInstanceUID),
                ds.getString(Tag.StudyInstanceUID), ds.getInt(Tag.Rows, 0), ds.getInt(Tag.Columns, 0), type,
                fractional, segments, out);
    }

    private static SegDocument.Type type(Path file, DicomObject ds, boolean labelMapClass) throws DicomParseException {
        String type = ds.getString(Tag.SegmentationType, labelMapClass ? "LABELMAP" : "").toUpperCase(Locale.ROOT);
        int bits = ds.getInt(Tag.BitsAllocated, 0);
        switch (type) {
            case "BINARY", "FRACTIONAL" -> {
                if (labelMapClass) {
                    throw new DicomParseException(file, -1, "Label Map Segmentation with Segmentation Type " + type
                            + " is invalid (it must be LABELMAP)");
                }
                if (type.equals("FRACTIONAL") && bits != 8) {
                    throw new DicomParseException(file, -1, "FRACTIONAL SEG with " + bits + " bits allocated is"
                            + " invalid (fractions are stored in 8 bits)");
                }
                return SegDocument.Type.valueOf(type);
            }
            case "LABELMAP" -> {
                if (bits != 8 && bits != 16) {
                    throw new DicomParseException(file, -1, "LABELMAP SEG with " + bits + " bits allocated is"
                            + " invalid (labels are stored in 8 or 16 bits)");
                }
                return SegDocument.Type.LABELMAP;
            }
            default -> throw new DicomParseException(file, -1, "Segmentation Type '" + type + "' is not supported"
                    + " (BINARY, FRACTIONAL and LABELMAP are)");
        }
    }

    private static SegDocument.Fractional fractional(Path file, DicomObject ds, double threshold)
            throws DicomParseException {
        String kind = ds.getString(Tag.SegmentationFractionalType, "PROBABILITY").toUpperCase(Locale.ROOT);
        if (!kind.equals("PROBABILITY") && !kind.equals("OCCUPANCY")) {
            throw new DicomParseException(file, -1, "FRACTIONAL SEG with Segmentation Fractional Type '" + kind
                    + "' is not supported (PROBABILITY or OCCUPANCY)");
        }
        int max = ds.getInt(Tag.MaximumFractionalValue, 255);
        if (max < 1 || max > 255) {
            throw new DicomParseException(file, -1, "FRACTIONAL SEG with Maximum Fractional Value " + max
                    + " is invalid (1 to 255)");
        }
        return new SegDocument.Fractional(kind, max, threshold);
    }

    /** One mask per listed segment whose label occurs on this label-map frame. */
    private static void labels(DecodedFrame d, List<SegmentInfo> segments, Budget budget, int index,
                               String sourceUid, int sourceFrame, List<SegDocument.Frame> out)
            throws DicomParseException {
        int n = d.width() * d.height();
        TreeMap<Integer, byte[]> byLabel = new TreeMap<>();
        for (SegmentInfo s : segments) {
            byLabel.put(s.number(), null);
        }
        boolean[] present = new boolean[65536];
        for (int p = 0; p < n; p++) {
            present[d.pixels().sample(p) & 0xFFFF] = true;
        }
        long masks = byLabel.keySet().stream().filter(l -> present[l]).count();
        budget.charge(masks * n, "frame " + (index + 1) + "'s " + masks + " labels");
        for (int label : byLabel.keySet()) {
            if (present[label]) {
                byLabel.put(label, new byte[n]);
            }
        }
        for (int p = 0; p < n; p++) {
            byte[] m = byLabel.get(d.pixels().sample(p) & 0xFFFF);
            if (m != null) {
                m[p] = (byte) 255;
            }
        }
        for (var e : byLabel.entrySet()) {
            if (e.getValue() != null) {
                out.add(new SegDocument.Frame(e.getKey(), sourceUid, sourceFrame,
                        new BinaryFrame(d.width(), d.height(), e.getValue())));
            }
        }
    }

    /** The masks' share of the parser's bounded-memory rule, charged before they are allocated. */
    private static final class Budget {
        private final Path file;
        private final long limit;
        private long used;

        Budget(Path file) throws DicomParseException {
            this.file = file;
            try {
                this.limit = DicomParser.memoryBudget(Files.size(file));
            } catch (IOException e) {
                throw new DicomParseException(file, "cannot read the file (" + e.getMessage() + ")", e);
            }
        }

        void charge(long bytes, String what) throws DicomParseException {
            used += bytes;
            if (used > limit) {
                throw new DicomParseException(file, -1, "the masks of " + what + " would take more than "
                        + (limit >> 20) + " MiB (" + DicomParser.MEMORY_PER_BYTE + " times the file's size plus "
                        + (DicomParser.MEMORY_BASE >> 20) + " MiB, the most any file may use); its header is wrong"
                        + " or it is malicious");
            }
        }
    }

    private static SegmentInfo segment(Path file, DicomObject item) throws DicomParseException {
        int number = item.getInt(Tag.SegmentNumber, -1);
        if (number < 1 || number > 0xFFFF) {
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
