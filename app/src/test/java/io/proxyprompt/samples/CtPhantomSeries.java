package io.proxyprompt.samples;

import io.proxyprompt.cli.WrapCommand;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.VR;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the synthetic CT-like sample series (samples/series/) with the project's {@link DicomWriter}: an
 * abdominal body phantom with a round hypodense "lesion" in the liver, as CT Image Storage, 16-bit signed,
 * with fixed UIDs, dates and seeded noise so every run gives the same bytes. Also writes the lesion's mask
 * per slice (samples/series-masks/) so the series can serve as a support image.
 *
 * <p>Run by samples/regenerate.sh: {@code java -cp target/classes:target/test-classes
 * io.proxyprompt.samples.CtPhantomSeries SERIES_DIR MASK_DIR}.
 */
public final class CtPhantomSeries {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final int SIZE = 128;
    static final int SLICES = 8;
    static final double SPACING_MM = 2.5;
    static final double THICKNESS_MM = 5.0;
    static final double INTERCEPT = -1024;
    /** Stored value outside the circular reconstruction field (HU -3024, as many scanners write). */
    static final short OUTSIDE_FOV = -2000;

    // phantom, in mm from the image centre (x to the patient's left = image right, y posterior = image down)
    static final double LESION_X = -45;
    static final double LESION_Y = -20;
    static final double LESION_Z = -17.5;
    static final double LESION_R = 18;

    private CtPhantomSeries() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CtPhantomSeries SERIES_DIR MASK_DIR");
            System.exit(2);
        }
        write(Path.of(args[0]), Path.of(args[1]));
    }

    /** Writes {@code ct_01.dcm ... ct_08.dcm} to {@code seriesDir} and {@code ct_0N_lesion.png} to {@code maskDir}. */
    static void write(Path seriesDir, Path maskDir) throws IOException {
        Files.createDirectories(seriesDir);
        Files.createDirectories(maskDir);
        DicomWriter writer = new DicomWriter();
        Random noise = new Random(20260101L);
        for (int i = 0; i < SLICES; i++) {
            double z = -i * THICKNESS_MM;
            short[] stored = new short[SIZE * SIZE];
            byte[] lesion = new byte[SIZE * SIZE];
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    double x = (c + 0.5 - SIZE / 2.0) * SPACING_MM;
                    double y = (r + 0.5 - SIZE / 2.0) * SPACING_MM;
                    int k = r * SIZE + c;
                    if (x * x + y * y > 158.0 * 158.0) {
                        stored[k] = OUTSIDE_FOV;
                        noise.nextGaussian(); // keep one draw per pixel so slices stay independent of the FOV
                        continue;
                    }
                    boolean inLesion = inLesion(x, y, z);
                    double hu = hu(x, y, inLesion) + 8 * noise.nextGaussian();
                    stored[k] = (short) Math.round(hu - INTERCEPT);
                    lesion[k] = inLesion ? (byte) 255 : 0;
                }
            }
            String n = String.format("%02d", i + 1);
            writer.write(seriesDir.resolve("ct_" + n + ".dcm"), slice(i, z, stored));
            writeMask(maskDir.resolve("ct_" + n + "_lesion.png"), lesion);
        }
    }

    static boolean inLesion(double x, double y, double z) {
        double dx = x - LESION_X;
        double dy = y - LESION_Y;
        double dz = z - LESION_Z;
        return dx * dx + dy * dy + dz * dz <= LESION_R * LESION_R;
    }

    /** Hounsfield units of the phantom at (x, y) mm: air, fat, muscle, liver, lesion, kidneys, spine, table. */
    static double hu(double x, double y, boolean inLesion) {
        if (inEllipse(x, y, 0, 138, 150, 6)) {
            return 300; // table
        }
        if (!inEllipse(x, y, 0, 0, 145, 105)) {
            return -1000;
        }
        if (!inEllipse(x, y, 0, 0, 135, 95)) {
            return -100; // subcutaneous fat
        }
        if (inEllipse(x, y, 0, 65, 16, 16)) {
            return inEllipse(x, y, 0, 65, 10, 10) ? 250 : 700; // vertebral body: cortex around cancellous bone
        }
        if (inLesion) {
            return 20;
        }
        if (inEllipse(x, y, -50, -10, 60, 55)) {
            return 100; // liver (portal venous phase) (image left = patient's right)
        }
        if (inEllipse(x, y, 55, -25, 35, 25)) {
            return 115; // spleen
        }
        if (inEllipse(x, y, -55, 50, 18, 25) || inEllipse(x, y, 55, 50, 18, 25)) {
            return 160; // kidneys
        }
        if (inEllipse(x, y, 20, 60, 8, 8)) {
            return 170; // aorta (contrast)
        }
        return 45; // soft tissue
    }

    private static boolean inEllipse(double x, double y, double cx, double cy, double rx, double ry) {
        double dx = (x - cx) / rx;
        double dy = (y - cy) / ry;
        return dx * dx + dy * dy <= 1;
    }

    private static DicomObject slice(int index, double z, short[] stored) {
        String date = "20260101";
        String time = "000000";
        DicomObject ds = new DicomObject();
        ds.setString(Tag.SpecificCharacterSet, "ISO_IR 100");
        ds.setString(Tag.ImageType, "DERIVED", "SECONDARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, CT_IMAGE_STORAGE);
        ds.setString(Tag.SOPInstanceUID, WrapCommand.uidFor("ct-phantom/instance/" + (index + 1)));
        ds.setString(Tag.StudyDate, date);
        ds.setString(Tag.SeriesDate, date);
        ds.setString(Tag.ContentDate, date);
        ds.setString(Tag.StudyTime, time);
        ds.setString(Tag.SeriesTime, time);
        ds.setString(Tag.ContentTime, time);
        ds.setString(Tag.AccessionNumber);
        ds.setString(Tag.Modality, "CT");
        ds.setString(Tag.Manufacturer, "ProxyPrompt (synthetic phantom)");
        ds.setString(Tag.ReferringPhysicianName);
        ds.setString(Tag.StudyDescription, "Synthetic CT phantom (not patient data)");
        ds.setString(Tag.SeriesDescription, "Abdomen phantom with round liver lesion");
        ds.setString(Tag.PatientName, "Phantom^CT");
        ds.setString(Tag.PatientID, "PHANTOM-CT");
        ds.setString(Tag.PatientBirthDate);
        ds.setString(Tag.PatientSex);
        ds.setString(Tag.BodyPartExamined, "ABDOMEN");
        ds.setDouble(Tag.SliceThickness, THICKNESS_MM);
        ds.setDouble(Tag.KVP, 120);
        ds.setString(Tag.PatientPosition, "HFS");
        ds.setString(Tag.StudyInstanceUID, WrapCommand.uidFor("ct-phantom/study"));
        ds.setString(Tag.SeriesInstanceUID, WrapCommand.uidFor("ct-phantom/series"));
        ds.setString(Tag.StudyID, "1");
        ds.setInt(Tag.SeriesNumber, 1);
        ds.setInt(Tag.AcquisitionNumber, 1);
        ds.setInt(Tag.InstanceNumber, index + 1);
        double origin = -SIZE / 2.0 * SPACING_MM + SPACING_MM / 2;
        ds.setDouble(Tag.ImagePositionPatient, origin, origin, z);
        ds.setDouble(Tag.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
        ds.setString(Tag.FrameOfReferenceUID, WrapCommand.uidFor("ct-phantom/frame-of-reference"));
        ds.setString(Tag.PositionReferenceIndicator);
        ds.setDouble(Tag.SliceLocation, z);
        ds.setInt(Tag.SamplesPerPixel, 1);
        ds.setString(Tag.PhotometricInterpretation, "MONOCHROME2");
        ds.setInt(Tag.Rows, SIZE);
        ds.setInt(Tag.Columns, SIZE);
        ds.setDouble(Tag.PixelSpacing, SPACING_MM, SPACING_MM);
        ds.setInt(Tag.BitsAllocated, 16);
        ds.setInt(Tag.BitsStored, 16);
        ds.setInt(Tag.HighBit, 15);
        ds.setInt(Tag.PixelRepresentation, 1);
        ds.setDouble(Tag.WindowCenter, 40);
        ds.setDouble(Tag.WindowWidth, 400);
        ds.setDouble(Tag.RescaleIntercept, INTERCEPT);
        ds.setDouble(Tag.RescaleSlope, 1);
        ds.setString(Tag.RescaleType, "HU");
        ByteBuffer pixels = ByteBuffer.allocate(stored.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : stored) {
            pixels.putShort(s);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels.array());
        return ds;
    }

    private static void writeMask(Path file, byte[] mask) throws IOException {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(mask, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, mask.length);
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }
}
