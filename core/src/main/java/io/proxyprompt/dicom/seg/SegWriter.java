package io.proxyprompt.dicom.seg;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.dicom.VR;
import io.proxyprompt.dicom.series.SeriesScanner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds DICOM Segmentation objects (Segmentation Storage, BINARY): one segment per object, frames only where a
 * segment is present, Patient/Study copied from the sources, a new series, Derivation Image and Segment
 * Identification per frame, Plane Position/Orientation and a Frame of Reference when the sources have geometry
 * (CT/MR), and the minimal valid form (no Frame of Reference) for photographs.
 */
public final class SegWriter {

    private static final Code SOURCE_IMAGE_PURPOSE = new Code("121322", "DCM",
            "Source image for image processing operation");
    private static final Code SEGMENTATION_DERIVATION = new Code("113076", "DCM", "Segmentation");

    private final DicomWriter writer;

    public SegWriter(DicomWriter writer) {
        this.writer = writer;
    }

    /** Builds and writes the SEG, replacing an existing file; returns its data set. */
    public DicomObject write(Path file, List<SegSource> sources, List<SegmentMasks> segments, SegOptions options)
            throws IOException {
        return write(file, sources, segments, options, AtomicFiles.Existing.REPLACE);
    }

    /** Builds and writes the SEG, refusing or replacing an existing file as {@code existing} says. */
    public DicomObject write(Path file, List<SegSource> sources, List<SegmentMasks> segments, SegOptions options,
                             AtomicFiles.Existing existing) throws IOException {
        DicomObject seg = build(sources, segments, options);
        writer.write(file, seg, existing);
        return seg;
    }

    /**
     * Builds the SEG data set.
     *
     * @throws IllegalArgumentException when the inputs do not fit together (sizes, counts, studies), or every
     *                                  mask is empty (a SEG needs at least one frame)
     */
    public DicomObject build(List<SegSource> sources, List<SegmentMasks> segments, SegOptions options) {
        if (sources.isEmpty() || segments.isEmpty()) {
            throw new IllegalArgumentException("A SEG needs at least one source frame and one segment");
        }
        DicomObject first = sources.get(0).header();
        int rows = first.getInt(Tag.Rows, 0);
        int cols = first.getInt(Tag.Columns, 0);
        String study = first.getString(Tag.StudyInstanceUID);
        for (SegSource s : sources) {
            if (s.header().getInt(Tag.Rows, 0) != rows || s.header().getInt(Tag.Columns, 0) != cols) {
                throw new IllegalArgumentException("All source frames of one SEG must have the same size");
            }
            if (study == null || !study.equals(s.header().getString(Tag.StudyInstanceUID))) {
                throw new IllegalArgumentException("All source frames of one SEG must belong to one study");
            }
        }
        for (SegmentMasks sm : segments) {
            if (sm.masks().size() != sources.size()) {
                throw new IllegalArgumentException("Segment '" + sm.info().label() + "' has " + sm.masks().size()
                        + " masks for " + sources.size() + " source frames");
            }
            for (BinaryFrame m : sm.masks()) {
                if (m != null && !m.sameSize(cols, rows)) {
                    throw new IllegalArgumentException("Mask of '" + sm.info().label() + "' is " + m.width() + "x"
                            + m.height() + " but the image is " + cols + "x" + rows);
                }
            }
        }
        boolean geometry = sources.stream().allMatch(s -> s.position() != null && s.orientation() != null)
                && first.getString(Tag.FrameOfReferenceUID) != null;

        // Order of the source frames along the normal gives the position dimension index.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            order.add(i);
        }
        int[] positionIndex = new int[sources.size()];
        if (geometry) {
            double[] n = SeriesScanner.normal(sources.get(0).orientation());
            order.sort(Comparator.comparingDouble(i -> dot(sources.get(i).position(), n)));
        }
        for (int k = 0; k < order.size(); k++) {
            positionIndex[order.get(k)] = k + 1;
        }

        DicomObject seg = new DicomObject();
        header(seg, first, options, geometry);
        seg.setInt(Tag.Rows, rows);
        seg.setInt(Tag.Columns, cols);

        List<DicomObject> segmentItems = new ArrayList<>();
        List<DicomObject> perFrame = new ArrayList<>();
        List<BinaryFrame> frameMasks = new ArrayList<>();
        for (SegmentMasks sm : segments) {
            segmentItems.add(segmentItem(sm.info()));
            for (int k : order) {
                BinaryFrame m = sm.masks().get(k);
                if (m == null || m.isEmpty()) {
                    continue;
                }
                perFrame.add(frameItem(sources.get(k), sm.info().number(), positionIndex[k], geometry,
                        sources.size() > 1));
                frameMasks.add(m);
            }
        }
        if (frameMasks.isEmpty()) {
            throw new IllegalArgumentException("Every mask is empty: there is nothing to store in a SEG");
        }
        seg.setSequence(Tag.SegmentSequence, segmentItems);
        seg.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frameMasks.size()));
        seg.setSequence(Tag.SharedFunctionalGroupsSequence, shared(sources.get(0), geometry));
        seg.setSequence(Tag.PerFrameFunctionalGroupsSequence, perFrame);
        dimensions(seg, geometry, sources.size() > 1);
        seg.setSequence(Tag.ReferencedSeriesSequence, referencedSeries(sources));
        seg.setBytes(Tag.PixelData, VR.OB, pack(frameMasks, rows * cols));
        return seg;
    }

    private static void header(DicomObject seg, DicomObject src, SegOptions o, boolean geometry) {
        seg.setString(Tag.SOPClassUID, Uids.SEGMENTATION_STORAGE);
        seg.setString(Tag.SOPInstanceUID, Uids.create());
        LocalDateTime now = LocalDateTime.now();
        String date = now.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = now.format(DateTimeFormatter.ofPattern("HHmmss"));
        seg.setString(Tag.InstanceCreationDate, date);
        seg.setString(Tag.InstanceCreationTime, time);
        seg.setString(Tag.ContentDate, date);
        seg.setString(Tag.ContentTime, time);
        seg.setString(Tag.SeriesDate, date);
        seg.setString(Tag.SeriesTime, time);
        PatientStudyCopy.copy(src, seg);
        seg.setString(Tag.Modality, "SEG");
        seg.setString(Tag.SeriesInstanceUID, Uids.create());
        seg.setInt(Tag.SeriesNumber, o.seriesNumber());
        seg.setString(Tag.SeriesDescription, o.seriesDescription());
        if (geometry) {
            seg.copyFrom(src, Tag.FrameOfReferenceUID); // geometry is only true when it is present and not empty
            if (src.contains(Tag.PositionReferenceIndicator)) {
                seg.copyFrom(src, Tag.PositionReferenceIndicator);
            } else {
                seg.setString(Tag.PositionReferenceIndicator);
            }
        }
        if (!geometry) { // General Image: Patient Orientation is type 2C when there is no Frame of Reference
            if (src.contains(Tag.PatientOrientation)) {
                seg.copyFrom(src, Tag.PatientOrientation);
            } else {
                seg.setString(Tag.PatientOrientation);
            }
        }
        seg.setString(Tag.Manufacturer, o.manufacturer());
        seg.setString(Tag.ManufacturerModelName, o.modelName());
        seg.setString(Tag.DeviceSerialNumber, "1");
        seg.setString(Tag.SoftwareVersions, o.softwareVersion());
        seg.setInt(Tag.InstanceNumber, 1);
        seg.setString(Tag.ContentLabel, o.contentLabel());
        seg.setString(Tag.ContentDescription, o.seriesDescription());
        seg.setString(Tag.ContentCreatorName);
        seg.setString(Tag.ImageType, "DERIVED", "PRIMARY");
        seg.setInt(Tag.SamplesPerPixel, 1);
        seg.setString(Tag.PhotometricInterpretation, "MONOCHROME2");
        seg.setInt(Tag.BitsAllocated, 1);
        seg.setInt(Tag.BitsStored, 1);
        seg.setInt(Tag.HighBit, 0);
        seg.setInt(Tag.PixelRepresentation, 0);
        seg.setString(Tag.LossyImageCompression, "00");
        seg.setString(Tag.SegmentationType, "BINARY");
    }

    private static DicomObject segmentItem(SegmentInfo s) {
        DicomObject item = new DicomObject();
        item.setInt(Tag.SegmentNumber, s.number());
        item.setString(Tag.SegmentLabel, s.label());
        if (s.description() != null && !s.description().isBlank()) {
            item.setString(Tag.SegmentDescription, s.description());
        }
        item.setSequence(Tag.SegmentedPropertyCategoryCodeSequence, s.category().toItem());
        item.setSequence(Tag.SegmentedPropertyTypeCodeSequence, s.type().toItem());
        item.setString(Tag.SegmentAlgorithmType, s.algorithmType().name());
        if (s.algorithmType() != SegmentInfo.AlgorithmType.MANUAL) {
            item.setString(Tag.SegmentAlgorithmName, s.algorithmName());
        }
        item.setInt(Tag.RecommendedDisplayCIELabValue, SegmentCodes.rgbToDicomLab(s.rgb()));
        return item;
    }

    private static DicomObject shared(SegSource first, boolean geometry) {
        DicomObject shared = new DicomObject();
        if (geometry) {
            DicomObject measures = new DicomObject();
            double[] spacing = first.pixelSpacing();
            if (spacing != null) {
                measures.setDouble(Tag.PixelSpacing, spacing);
            }
            double thickness = first.sliceThickness();
            if (!Double.isNaN(thickness)) {
                measures.setDouble(Tag.SliceThickness, thickness);
            }
            if (measures.size() > 0) {
                shared.setSequence(Tag.PixelMeasuresSequence, measures);
            }
            shared.setSequence(Tag.PlaneOrientationSequence,
                    new DicomObject().setDouble(Tag.ImageOrientationPatient, first.orientation()));
        }
        return shared;
    }

    private static DicomObject frameItem(SegSource src, int segment, int position, boolean geometry,
                                         boolean manySources) {
        DicomObject source = new DicomObject();
        source.setString(Tag.ReferencedSOPClassUID, src.sopClassUid());
        source.setString(Tag.ReferencedSOPInstanceUID, src.sopInstanceUid());
        if (src.multiFrame()) {
            source.setInt(Tag.ReferencedFrameNumber, src.frameIndex() + 1);
        }
        source.setSequence(Tag.PurposeOfReferenceCodeSequence, SOURCE_IMAGE_PURPOSE.toItem());
        DicomObject derivation = new DicomObject();
        derivation.setSequence(Tag.SourceImageSequence, source);
        derivation.setSequence(Tag.DerivationCodeSequence, SEGMENTATION_DERIVATION.toItem());

        DicomObject content = new DicomObject();
        if (geometry || manySources) {
            content.setInt(Tag.DimensionIndexValues, segment, position);
        } else {
            content.setInt(Tag.DimensionIndexValues, segment);
        }
        if (!geometry && manySources) {
            content.setString(Tag.StackID, "1");
            content.setInt(Tag.InStackPositionNumber, position);
        }
        DicomObject item = new DicomObject();
        item.setSequence(Tag.DerivationImageSequence, derivation);
        item.setSequence(Tag.FrameContentSequence, content);
        if (geometry) {
            item.setSequence(Tag.PlanePositionSequence,
                    new DicomObject().setDouble(Tag.ImagePositionPatient, src.position()));
        }
        item.setSequence(Tag.SegmentIdentificationSequence, new DicomObject().setInt(Tag.ReferencedSegmentNumber, segment));
        return item;
    }

    private static void dimensions(DicomObject seg, boolean geometry, boolean manySources) {
        String uid = Uids.create();
        seg.setSequence(Tag.DimensionOrganizationSequence,
                new DicomObject().setString(Tag.DimensionOrganizationUID, uid));
        List<DicomObject> index = new ArrayList<>();
        index.add(new DicomObject().setString(Tag.DimensionOrganizationUID, uid)
                .setInt(Tag.DimensionIndexPointer, Tag.ReferencedSegmentNumber)
                .setInt(Tag.FunctionalGroupPointer, Tag.SegmentIdentificationSequence)
                .setString(Tag.DimensionDescriptionLabel, "Segment Number"));
        if (geometry) {
            index.add(new DicomObject().setString(Tag.DimensionOrganizationUID, uid)
                    .setInt(Tag.DimensionIndexPointer, Tag.ImagePositionPatient)
                    .setInt(Tag.FunctionalGroupPointer, Tag.PlanePositionSequence)
                    .setString(Tag.DimensionDescriptionLabel, "Image Position Patient"));
        } else if (manySources) {
            index.add(new DicomObject().setString(Tag.DimensionOrganizationUID, uid)
                    .setInt(Tag.DimensionIndexPointer, Tag.InStackPositionNumber)
                    .setInt(Tag.FunctionalGroupPointer, Tag.FrameContentSequence)
                    .setString(Tag.DimensionDescriptionLabel, "Source Frame"));
        }
        seg.setSequence(Tag.DimensionIndexSequence, index);
    }

    private static List<DicomObject> referencedSeries(List<SegSource> sources) {
        Map<String, Map<String, String>> bySeries = new LinkedHashMap<>();
        for (SegSource s : sources) {
            String series = s.header().getString(Tag.SeriesInstanceUID, "");
            bySeries.computeIfAbsent(series, k -> new LinkedHashMap<>()).put(s.sopInstanceUid(), s.sopClassUid());
        }
        List<DicomObject> out = new ArrayList<>();
        for (var e : bySeries.entrySet()) {
            List<DicomObject> instances = new ArrayList<>();
            e.getValue().forEach((inst, cls) -> instances.add(new DicomObject()
                    .setString(Tag.ReferencedSOPClassUID, cls).setString(Tag.ReferencedSOPInstanceUID, inst)));
            out.add(new DicomObject().setString(Tag.SeriesInstanceUID, e.getKey())
                    .setSequence(Tag.ReferencedInstanceSequence, instances));
        }
        return out;
    }

    /** Packs frames bit by bit, first pixel in the least significant bit, frames back to back (PS3.5 8.1.1). */
    static byte[] pack(List<BinaryFrame> masks, int pixelsPerFrame) {
        long bits = (long) pixelsPerFrame * masks.size();
        long bytes = (bits + 7) / 8;
        bytes += bytes & 1;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("SEG pixel data would exceed 2 GiB");
        }
        byte[] out = new byte[(int) bytes];
        long bit = 0;
        for (BinaryFrame m : masks) {
            byte[] d = m.pixels();
            for (int i = 0; i < pixelsPerFrame; i++, bit++) {
                if (d[i] != 0) {
                    out[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
