package io.proxyprompt.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes an 8-bit RGB photograph as a VL Photographic Image (uncompressed, Explicit VR Little Endian), e.g. to
 * turn a fundus JPEG into a DICOM sample that segmentation results can reference.
 */
public final class PhotoWriter {

    /** Who and what the photograph is of; blank fields are written empty (type 2). */
    public record Subject(String patientName, String patientId, String studyDescription, String laterality) {

        public static Subject anonymous() {
            return new Subject("Anonymous^Patient", "ANON", "Fundus photography", null);
        }
    }

    private final DicomWriter writer;

    public PhotoWriter(DicomWriter writer) {
        this.writer = writer;
    }

    /**
     * Writes {@code rgb} (interleaved, {@code width*height*3} bytes) to {@code file}.
     *
     * @return the data set written (its UIDs identify the new study, series and instance)
     */
    public DicomObject write(Path file, int width, int height, byte[] rgb, Subject subject) throws IOException {
        DicomObject ds = build(width, height, rgb, subject);
        writer.write(file, ds);
        return ds;
    }

    /** The data set {@link #write} would store, with fresh UIDs, for the caller to adjust and write. */
    public DicomObject build(int width, int height, byte[] rgb, Subject subject) {
        if (width <= 0 || height <= 0 || width > 0xFFFF || height > 0xFFFF) {
            throw new IllegalArgumentException("Image size " + width + "x" + height + " cannot be stored in DICOM");
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("RGB data holds " + rgb.length + " bytes, expected " + width * height * 3);
        }
        LocalDateTime now = LocalDateTime.now();
        String date = now.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = now.format(DateTimeFormatter.ofPattern("HHmmss"));
        DicomObject ds = new DicomObject();
        ds.setString(Tag.SpecificCharacterSet, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, Uids.VL_PHOTOGRAPHIC_IMAGE_STORAGE);
        ds.setString(Tag.SOPInstanceUID, Uids.create());
        ds.setString(Tag.InstanceCreationDate, date);
        ds.setString(Tag.InstanceCreationTime, time);
        ds.setString(Tag.PatientName, nz(subject.patientName()));
        ds.setString(Tag.PatientID, nz(subject.patientId()));
        ds.setString(Tag.PatientBirthDate);
        ds.setString(Tag.PatientSex);
        ds.setString(Tag.StudyInstanceUID, Uids.create());
        ds.setString(Tag.StudyDate, date);
        ds.setString(Tag.StudyTime, time);
        ds.setString(Tag.ReferringPhysicianName);
        ds.setString(Tag.StudyID, "1");
        ds.setString(Tag.AccessionNumber);
        ds.setString(Tag.StudyDescription, nz(subject.studyDescription()));
        ds.setString(Tag.Modality, "XC");
        ds.setString(Tag.SeriesInstanceUID, Uids.create());
        ds.setInt(Tag.SeriesNumber, 1);
        if (subject.laterality() == null || subject.laterality().isBlank()) {
            ds.setString(Tag.Laterality); // type 2C for paired organs: present, empty = unknown
        }
        ds.setString(Tag.Manufacturer, "ProxyPrompt");
        ds.setInt(Tag.InstanceNumber, 1);
        ds.setString(Tag.PatientOrientation);
        ds.setString(Tag.ContentDate, date);
        ds.setString(Tag.ContentTime, time);
        ds.setString(Tag.AcquisitionDateTime, date + time);
        if (subject.laterality() != null && !subject.laterality().isBlank()) {
            ds.setString(Tag.ImageLaterality, subject.laterality());
        }
        ds.setString(Tag.ImageType, "DERIVED", "SECONDARY");
        ds.setString(Tag.LossyImageCompression, "00");
        ds.setSequence(Tag.AcquisitionContextSequence, java.util.List.of());
        ds.setInt(Tag.SamplesPerPixel, 3);
        ds.setString(Tag.PhotometricInterpretation, "RGB");
        ds.setInt(Tag.PlanarConfiguration, 0);
        ds.setInt(Tag.Rows, height);
        ds.setInt(Tag.Columns, width);
        ds.setInt(Tag.BitsAllocated, 8);
        ds.setInt(Tag.BitsStored, 8);
        ds.setInt(Tag.HighBit, 7);
        ds.setInt(Tag.PixelRepresentation, 0);
        ds.setBytes(Tag.PixelData, VR.OB, rgb);
        return ds;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
