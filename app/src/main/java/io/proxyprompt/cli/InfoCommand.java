package io.proxyprompt.cli;

import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.TransferSyntax;
import io.proxyprompt.dicom.pixel.DecodedFrame;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.series.SeriesScanner;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code info FILE|FOLDER...}: prints the essentials of DICOM files (SOP class, transfer syntax, size, frames,
 * series) and whether their pixels decode, which it finds out by decoding the first frame.
 */
@CommandLine.Command(name = "info",
        description = {"print SOP class, transfer syntax, size, frames and series of DICOM files", "",
            "Prints, per DICOM file: SOP class, transfer syntax, image size and samples, number of frames, modality,"
                + " series (UID and description), and whether the pixels decode here (the first frame is decoded"
                + " to find out). A folder is searched (three levels deep) for DICOM files."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "2:a file cannot be read or its pixels do not decode (the message names it and"
            + " says why)"})
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
            Map.entry("1.2.840.10008.5.1.4.1.1.66.7", "Label Map Segmentation Storage"),
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

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "DICOM files or folders, e.g. scans/ct/")
    List<String> args;

    @Override
    public Integer call() {
        int status = OK;
        for (String a : args) {
            Path path = Path.of(a);
            List<Path> files;
            if (Files.isDirectory(path)) {
                files = dicomFilesIn(path, err);
                if (files == null) {
                    status = BAD_INPUT;
                    continue;
                }
                out.println(path + ": folder with " + files.size() + " DICOM file(s)");
            } else if (Files.isRegularFile(path)) {
                files = List.of(path);
            } else {
                err.println("proxyprompt info: " + a + ": no such file or folder");
                status = BAD_INPUT;
                continue;
            }
            for (Path file : files) {
                try {
                    if (!print(parser.read(file, true), out, err)) {
                        status = BAD_INPUT;
                    }
                } catch (DicomParseException e) {
                    err.println("proxyprompt info: " + e.getMessage());
                    status = BAD_INPUT;
                }
            }
        }
        return status;
    }

    /** The DICOM files under {@code folder} (by content, sorted), or null after saying why there are none. */
    private static List<Path> dicomFilesIn(Path folder, PrintStream err) {
        List<Path> files = new ArrayList<>();
        int others = 0;
        try (Stream<Path> s = Files.walk(folder, SeriesScanner.MAX_DEPTH)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (DicomParser.looksLikeDicom(p)) {
                    files.add(p);
                } else {
                    others++;
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("proxyprompt info: " + folder + ": cannot list the folder (" + e.getMessage() + ")");
            return null;
        }
        if (files.isEmpty()) {
            err.println("proxyprompt info: " + folder + ": folder holds no DICOM files (" + others
                    + " other file(s), looked " + SeriesScanner.MAX_DEPTH + " levels deep)");
            return null;
        }
        return files;
    }

    /** Prints one file; returns false (after saying why on {@code err}) when its pixels do not decode. */
    private boolean print(DicomFile f, PrintStream out, PrintStream err) {
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
            out.println("  Frames:           " + frames(f));
        }
        out.println("  Series:           " + ds.getString(Tag.SeriesInstanceUID, "-") + " ("
                + ds.getString(Tag.SeriesDescription, "no description") + ", number "
                + ds.getString(Tag.SeriesNumber, "-") + ")");
        out.println("  Study:            " + ds.getString(Tag.StudyInstanceUID, "-"));
        if ("SEG".equals(ds.getString(Tag.Modality))) {
            String type = ds.getString(Tag.SegmentationType, "?");
            if (type.equals("FRACTIONAL")) {
                type += " " + ds.getString(Tag.SegmentationFractionalType, "PROBABILITY") + ", maximum "
                        + ds.getInt(Tag.MaximumFractionalValue, 255);
            }
            out.println("  Segments:         " + ds.getSequence(Tag.SegmentSequence).size() + " (" + type + ")");
        }
        if (!ds.contains(Tag.PixelData)) {
            return true;
        }
        try {
            DecodedFrame first = decoder.decode(f, 0);
            out.println("  Pixels:           decodable (frame 1 decoded: " + first.width() + " x " + first.height()
                    + (first.channels() == 3 ? ", colour" : ", grey") + ")");
            return true;
        } catch (DicomParseException e) {
            out.println("  Pixels:           NOT decodable: " + e.problem());
            err.println("proxyprompt info: " + f.path().getFileName() + ": pixels do not decode: " + e.problem());
            return false;
        }
    }

    private String frames(DicomFile f) {
        try {
            return String.valueOf(decoder.frameCount(f));
        } catch (DicomParseException e) {
            return "invalid: " + e.problem();
        }
    }
}
