package io.proxyprompt.cli;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.PhotoWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.common.PixelBuffer;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code wrap --in IMG --out FILE.dcm}: stores a photograph as a DICOM VL Photographic Image, so that a plain
 * PNG/JPEG can be the source a DICOM SEG refers to.
 */
@CommandLine.Command(name = "wrap",
        description = {"store a photograph (PNG/JPEG) as a DICOM VL Photographic Image", "",
            "Writes the 8-bit grey or colour photograph IMG as an uncompressed VL Photographic Image (RGB, Explicit VR"
                + " Little Endian) with a new study, series and instance, so that segmentation results can be"
                + " exported for it as DICOM SEG. Grey images are stored as RGB.",
            "Example: proxyprompt wrap --in fundus.jpg --out fundus.dcm --patient-id 0042 --laterality R"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "2:the image cannot be read or the output cannot be written (the message names"
            + " the file)"})
public final class WrapCommand extends CliCommand {

    /** The fixed date and time stamped by {@code --reproducible}. */
    static final String FIXED_DATE = "20260101";
    static final String FIXED_TIME = "000000";

    private final RasterImageReader reader;
    private final PhotoWriter photos;
    private final DicomWriter writer;

    public WrapCommand(RasterImageReader reader, DicomWriter writer) {
        this.reader = reader;
        this.writer = writer;
        this.photos = new PhotoWriter(writer);
    }

    @Override
    CliCommand copy() {
        return new WrapCommand(reader, writer);
    }

    @Option(names = "--in", paramLabel = "IMG", required = true, description = "an 8-bit grey or colour PNG or JPEG")
    String in;

    @Option(names = "--out", paramLabel = "FILE.dcm|DIR/", required = true,
            description = "the DICOM file; a folder (or a path ending with /) writes DIR/<image-stem>.dcm")
    String dest;

    @Option(names = "--patient-name", paramLabel = "NAME",
            description = "DICOM person name, e.g. 'Doe^Jane' (default: Anonymous^Patient)")
    String name;

    @Option(names = "--patient-id", paramLabel = "ID", description = "up to 64 characters (default: ANON)")
    String id;

    @Option(names = "--laterality", paramLabel = "L|R", converter = OptionTypes.Laterality.class,
            completionCandidates = OptionTypes.Laterality.class,
            description = "which eye (Laterality and Image Laterality)")
    String laterality;

    @Option(names = "--overwrite", description = "replace FILE.dcm if it exists (otherwise that is an error)")
    boolean overwrite;

    @Option(names = "--reproducible", paramLabel = "KEY",
            description = "derive the study/series/instance UIDs from KEY (name-based UUIDs under the 2.25 root) and"
                    + " stamp 2026-01-01 00:00:00 instead of now, so the same inputs give the same bytes; used to"
                    + " build samples/. Do not use it for real patients: the same KEY gives the same UIDs.")
    String key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (id != null && (id.length() > 64 || id.contains("\\"))) {
            throw new ParameterException(spec.commandLine(),
                    "--patient-id must be at most 64 characters without '\\'");
        }
        if (name != null && name.contains("\\")) {
            throw new ParameterException(spec.commandLine(), "--patient-name must not contain '\\'");
        }
        Path source = Path.of(in);
        if (!Files.isRegularFile(source)) {
            err.println("proxyprompt wrap: " + in + ": no such file");
            return BAD_INPUT;
        }
        Path target = Path.of(dest);
        if (Files.isDirectory(target) || dest.endsWith("/") || dest.endsWith(java.io.File.separator)) {
            target = target.resolve(RasterImageReader.stem(source) + ".dcm"); // --out DIR/ means DIR/<stem>.dcm
            dest = target.toString();
        }
        if (Files.exists(target) && !overwrite) {
            err.println("proxyprompt wrap: " + dest + " already exists; choose another name or add --overwrite");
            return BAD_INPUT;
        }
        if (isDicom(source)) {
            err.println("proxyprompt wrap: " + in + ": is already a DICOM file; nothing to wrap");
            return BAD_INPUT;
        }
        Frame frame;
        try {
            List<ImageStack> stacks = reader.read(source, ProgressListener.NONE, CancellationToken.never());
            frame = stacks.get(0).frame(0);
        } catch (ImageLoadException e) {
            err.println("proxyprompt wrap: " + in + ": " + problem(e));
            return BAD_INPUT;
        }
        if (!(frame.pixels() instanceof PixelBuffer.Bytes bytes)) {
            err.println("proxyprompt wrap: " + in + ": is a 16-bit image; export it as an 8-bit PNG or JPEG first");
            return BAD_INPUT;
        }
        byte[] rgb = toRgb(bytes.data(), frame.channels());
        PhotoWriter.Subject subject = new PhotoWriter.Subject(
                name == null ? "Anonymous^Patient" : name, id == null ? "ANON" : id, "Fundus photography", laterality);

        try {
            DicomObject ds = photos.build(frame.width(), frame.height(), rgb, subject);
            if (key != null) {
                makeReproducible(ds, key);
            }
            writer.write(target, ds, AtomicFiles.Existing.replaceIf(overwrite));
            out.println("wrote " + target + " (" + frame.width() + " x " + frame.height()
                    + " RGB, VL Photographic Image, SOP Instance UID " + ds.getString(Tag.SOPInstanceUID) + ")");
            return OK;
        } catch (FileAlreadyExistsException e) {
            err.println("proxyprompt wrap: " + dest + " appeared while writing; nothing was replaced");
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println("proxyprompt wrap: cannot write " + dest + " (" + e.getMessage() + ")");
            return BAD_INPUT;
        }
    }

    private static boolean isDicom(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false; // the reader reports unreadable files with its own message
        }
    }

    /** The reader's message without the file name it starts with (we print the path as given). */
    private static String problem(ImageLoadException e) {
        String prefix = e.file().getFileName() + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static byte[] toRgb(byte[] data, int channels) {
        if (channels == 3) {
            return data;
        }
        byte[] rgb = new byte[data.length * 3];
        for (int i = 0; i < data.length; i++) {
            rgb[3 * i] = data[i];
            rgb[3 * i + 1] = data[i];
            rgb[3 * i + 2] = data[i];
        }
        return rgb;
    }

    /** Replaces the random UIDs and the current date/time with values that depend only on {@code key}. */
    static void makeReproducible(DicomObject ds, String key) {
        ds.setString(Tag.StudyInstanceUID, uidFor(key + "/study"));
        ds.setString(Tag.SeriesInstanceUID, uidFor(key + "/series"));
        ds.setString(Tag.SOPInstanceUID, uidFor(key + "/instance"));
        for (int tag : new int[] {Tag.InstanceCreationDate, Tag.StudyDate, Tag.ContentDate}) {
            ds.setString(tag, FIXED_DATE);
        }
        for (int tag : new int[] {Tag.InstanceCreationTime, Tag.StudyTime, Tag.ContentTime}) {
            ds.setString(tag, FIXED_TIME);
        }
        ds.setString(Tag.AcquisitionDateTime, FIXED_DATE + FIXED_TIME);
    }

    /**
     * A UID under {@code 2.25} made from a name-based (version 3) UUID of {@code name}: the same name always gives
     * the same UID, different names practically never collide. For reproducible synthetic samples only.
     */
    public static String uidFor(String name) {
        UUID u = UUID.nameUUIDFromBytes(("io.proxyprompt.samples:" + name).getBytes(StandardCharsets.UTF_8));
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, b);
    }
}
