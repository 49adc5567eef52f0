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

import java.io.IOException;
import java.io.PrintStream;
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
public final class WrapCommand implements Command {

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
    public String name() {
        return "wrap";
    }

    @Override
    public String summary() {
        return "store a photograph (PNG/JPEG) as a DICOM VL Photographic Image";
    }

    @Override
    public String usage() {
        return """
                Usage: proxyprompt wrap --in IMG --out FILE.dcm|DIR/ [--patient-name NAME] [--patient-id ID]
                                        [--laterality L|R] [--overwrite] [--reproducible KEY]
                  Writes the 8-bit grey or colour photograph IMG as an uncompressed VL Photographic Image
                  (RGB, Explicit VR Little Endian) with a new study, series and instance, so that segmentation
                  results can be exported for it as DICOM SEG. Grey images are stored as RGB. An --out that is
                  a folder (or ends with /) writes DIR/<image-stem>.dcm.
                  --patient-name   DICOM person name, e.g. 'Doe^Jane' (default Anonymous^Patient)
                  --patient-id     up to 64 characters (default ANON)
                  --laterality     L or R: which eye (Laterality and Image Laterality)
                  --overwrite      replace FILE.dcm if it exists (otherwise that is an error)
                  --reproducible   derive the study/series/instance UIDs from KEY (name-based UUIDs under the
                                   2.25 root) and stamp 2026-01-01 00:00:00 instead of now, so the same inputs
                                   give the same bytes; used to build samples/. Do not use it for real patients:
                                   the same KEY gives the same UIDs.
                  Exit status 2 when the image cannot be read or the output cannot be written (the message
                  names the file).
                Example: proxyprompt wrap --in fundus.jpg --out fundus.dcm --patient-id 0042 --laterality R
                """;
    }

    @Override
    public int run(List<String> words, PrintStream out, PrintStream err) {
        String in = null;
        String dest = null;
        String name = null;
        String id = null;
        String laterality = null;
        String key = null;
        boolean overwrite = false;
        Args args = new Args(words);
        try {
            while (args.hasNext()) {
                String a = args.next();
                switch (a) {
                    case "--in" -> in = args.value(a);
                    case "--out" -> dest = args.value(a);
                    case "--patient-name" -> name = args.value(a);
                    case "--patient-id" -> id = args.value(a);
                    case "--laterality" -> laterality = args.value(a);
                    case "--reproducible" -> key = args.value(a);
                    case "--overwrite" -> overwrite = true;
                    default -> throw new Args.UsageException("unexpected argument '" + a + "'");
                }
            }
            if (in == null || dest == null) {
                throw new Args.UsageException("both --in IMG and --out FILE.dcm are needed");
            }
            if (laterality != null) {
                laterality = laterality.toUpperCase(Locale.ROOT);
                if (!laterality.equals("L") && !laterality.equals("R")) {
                    throw new Args.UsageException("--laterality must be L or R, not '" + laterality + "'");
                }
            }
            if (id != null && (id.length() > 64 || id.contains("\\"))) {
                throw new Args.UsageException("--patient-id must be at most 64 characters without '\\'");
            }
            if (name != null && name.contains("\\")) {
                throw new Args.UsageException("--patient-name must not contain '\\'");
            }
        } catch (Args.UsageException e) {
            err.println("proxyprompt wrap: " + e.getMessage() + " (try --help)");
            return BAD_INPUT;
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
