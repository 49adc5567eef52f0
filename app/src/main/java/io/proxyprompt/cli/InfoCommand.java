package io.proxyprompt.cli;

import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.TransferSyntax;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code info FILE...}: prints the essentials of DICOM files (SOP class, transfer syntax, size, frames, series). */
@CommandLine.Command(name = "info",
        description = {"print SOP class, transfer syntax, size, frames and series of DICOM files", "",
            "Prints, per DICOM file: SOP class, transfer syntax, image size and samples, number of frames, modality,"
                + " series (UID and description), and whether the pixels can be decoded here."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "2:a file cannot be read (the message names it and says why)"})
public final class InfoCommand extends CliCommand {

    private static final Map<String, String> SOP_CLASSES = Map.ofEntries(
            Map.entry("1.2.840.10008.5.1.4.1.1.2", "CT Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.2.1", "Enhanced CT Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.4", "MR Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.4.1", "Enhanced MR Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.7", "Secondary Capture Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.3.1", "Ultrasound Multi-frame Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.6.1", "Ultrasound Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.66.4", "Segmentation Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.77.1.4", "VL Photographic Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.77.1.5.1", "Ophthalmic Photography 8 Bit Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.77.1.5.2", "Ophthalmic Photography 16 Bit Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.77.1.6", "VL Whole Slide Microscopy Image Storage"));

    private final DicomParser parser;
    private final PixelDecoder decoder;

    public InfoCommand(DicomParser parser, PixelDecoder decoder) {
        this.parser = parser;
        this.decoder = decoder;
    }

    @Override
    CliCommand copy() {
        return new InfoCommand(parser, decoder);
    }

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "DICOM files, e.g. scans/ct/*.dcm")
    List<String> args;

    @Override
    public Integer call() {
        int status = OK;
        for (String a : args) {
            Path file = Path.of(a);
            if (!Files.isRegularFile(file)) {
                err.println("proxyprompt info: " + a + ": no such file");
                status = BAD_INPUT;
                continue;
            }
            try {
                print(parser.read(file, true), out);
            } catch (DicomParseException e) {
                err.println("proxyprompt info: " + e.getMessage());
                status = BAD_INPUT;
            }
        }
        return status;
    }

    private void print(DicomFile f, PrintStream out) {
        DicomObject ds = f.dataset();
        String sop = f.sopClassUid();
        out.println(f.path());
        out.println("  SOP class:        " + sop + (SOP_CLASSES.containsKey(sop) ? " (" + SOP_CLASSES.get(sop) + ")" : ""));
        out.println("  SOP instance:     " + f.sopInstanceUid());
        out.println("  Transfer syntax:  " + TransferSyntax.describe(f.transferSyntaxUid()));
        out.println("  Modality:         " + ds.getString(Tag.Modality, "-"));
        if (ds.contains(Tag.Rows)) {
            out.println("  Size:             " + ds.getInt(Tag.Columns, 0) + " x " + ds.getInt(Tag.Rows, 0) + ", "
                    + ds.getInt(Tag.SamplesPerPixel, 1) + " sample(s), " + ds.getInt(Tag.BitsAllocated, 0)
                    + " bits allocated (" + ds.getInt(Tag.BitsStored, 0) + " stored, "
                    + (ds.getInt(Tag.PixelRepresentation, 0) == 1 ? "signed" : "unsigned") + "), "
                    + ds.getString(Tag.PhotometricInterpretation, "-"));
            out.println("  Frames:           " + decoder.frameCount(f));
        }
        out.println("  Series:           " + ds.getString(Tag.SeriesInstanceUID, "-") + " ("
                + ds.getString(Tag.SeriesDescription, "no description") + ", number "
                + ds.getString(Tag.SeriesNumber, "-") + ")");
        out.println("  Study:            " + ds.getString(Tag.StudyInstanceUID, "-"));
        if ("SEG".equals(ds.getString(Tag.Modality))) {
            out.println("  Segments:         " + ds.getSequence(Tag.SegmentSequence).size() + " ("
                    + ds.getString(Tag.SegmentationType, "?") + ")");
        }
        if (ds.contains(Tag.PixelData)) {
            String why = decoder.whyNotDecodable(f);
            out.println("  Pixels:           " + (why == null ? "decodable" : "NOT decodable: " + why));
        }
    }
}
