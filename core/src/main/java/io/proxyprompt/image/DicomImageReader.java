package io.proxyprompt.image;

import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.dicom.pixel.DecodedFrame;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.pixel.PixelFormat;
import io.proxyprompt.dicom.series.DicomSeries;
import io.proxyprompt.dicom.series.SeriesScanner;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens DICOM: one file (every frame of a multi-frame object) or a folder (one stack per series, sorted along
 * the slice normal). Frames keep rescale, default window and MONOCHROME1 inversion, and remember their origin
 * (file, SOP Instance UID, frame) so results stay tied to the source.
 */
public final class DicomImageReader implements ImageReader {

    private final DicomParser parser;
    private final PixelDecoder decoder;

    public DicomImageReader(DicomParser parser, PixelDecoder decoder) {
        this.parser = parser;
        this.decoder = decoder;
    }

    public DicomImageReader() {
        this(new DicomParser(), new PixelDecoder());
    }

    @Override
    public boolean readsFolders() {
        return true;
    }

    @Override
    public boolean canRead(Path file) {
        if (Files.isDirectory(file)) {
            try (Stream<Path> s = Files.walk(file, SeriesScanner.MAX_DEPTH)) {
                return s.filter(Files::isRegularFile).limit(200).anyMatch(DicomParser::looksLikeDicom);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return DicomParser.looksLikeDicom(file);
    }

    @Override
    public List<ImageStack> read(Path file, ProgressListener progress, CancellationToken cancel)
            throws ImageLoadException {
        return Files.isDirectory(file) ? readFolder(file, progress, cancel) : List.of(readFile(file, progress, cancel));
    }

    @Override
    public Optional<String> notAnImage(Path file) {
        if (Files.isDirectory(file) || !DicomParser.looksLikeDicom(file)) {
            return Optional.empty();
        }
        try {
            return segmentationNotice(parser.read(file, false));
        } catch (DicomParseException e) {
            return Optional.empty(); // reading it as an image reports the problem
        }
    }

    private static Optional<String> segmentationNotice(DicomFile df) {
        if (!Uids.isSegmentation(df.sopClassUid()) && !"SEG".equals(df.dataset().getString(Tag.Modality))) {
            return Optional.empty();
        }
        return Optional.of("is a DICOM Segmentation (SEG): it holds masks, not an image, so it is not segmented"
                + " (use it as a support mask, or write its masks as PNG with `proxyprompt convert`)");
    }

    /** Reads every frame of one file. */
    public ImageStack readFile(Path file, ProgressListener progress, CancellationToken cancel)
            throws ImageLoadException {
        DicomFile df = parse(file);
        Optional<String> seg = segmentationNotice(df);
        if (seg.isPresent()) {
            throw new ImageLoadException(file, seg.get());
        }
        String why = decoder.whyNotDecodable(df);
        if (why != null) {
            throw new ImageLoadException(file, why);
        }
        int n = frameCount(df);
        checkMemory(df, n);
        DicomObject header = headerOf(df);
        List<Frame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            progress.progress(i, n, "Decoding frame " + (i + 1) + " of " + file.getFileName());
            frames.add(frame(df, header, i));
        }
        progress.progress(n, n, "Decoded " + file.getFileName());
        String name = df.dataset().getString(Tag.SeriesDescription, stem(file));
        return new ImageStack(name, file, frames, ImageStack.Kind.DICOM);
    }

    private List<ImageStack> readFolder(Path folder, ProgressListener progress, CancellationToken cancel)
            throws ImageLoadException {
        SeriesScanner.Result scan;
        try {
            scan = new SeriesScanner(parser).scan(folder, progress, cancel);
        } catch (IOException e) {
            throw new ImageLoadException(folder, "cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (scan.series().isEmpty()) {
            throw new ImageLoadException(folder, "no DICOM images found"
                    + (scan.skipped().isEmpty() ? "" : " (" + String.join("; ", scan.skipped()) + ")"));
        }
        long total = scan.series().stream().mapToLong(s -> s.frames().size()).sum();
        long done = 0;
        List<ImageStack> stacks = new ArrayList<>();
        for (DicomSeries series : scan.series()) {
            List<Frame> frames = new ArrayList<>();
            DicomFile current = null;
            DicomObject header = null;
            for (DicomSeries.FrameRef ref : series.frames()) {
                cancel.throwIfCancelled();
                progress.progress(done++, total, "Decoding " + series.description());
                if (current == null || !current.path().equals(ref.file())) {
                    current = parse(ref.file());
                    header = headerOf(current);
                    String why = decoder.whyNotDecodable(current);
                    if (why != null) {
                        throw new ImageLoadException(ref.file(), why);
                    }
                    checkMemory(current, series.frames().size());
                }
                frames.add(frame(current, header, ref.frameIndex()));
            }
            stacks.add(new ImageStack(series.description(), folder, frames, ImageStack.Kind.DICOM));
        }
        progress.progress(total, total, "Opened " + stacks.size() + " series");
        return stacks;
    }

    private int frameCount(DicomFile df) throws ImageLoadException {
        try {
            return decoder.frameCount(df);
        } catch (DicomParseException e) {
            throw new ImageLoadException(df.path(), e.problem(), e);
        }
    }

    /**
     * Refuses, before decoding, frames that would not fit in memory: a small compressed file may decode to far
     * more than the heap holds, and that must be a message, not an OutOfMemoryError.
     */
    private static void checkMemory(DicomFile df, long frames) throws ImageLoadException {
        PixelFormat f = PixelFormat.of(df.dataset());
        long perFrame = (long) f.rows() * f.columns() * (f.isColor() ? 3 : f.bitsAllocated() > 8 ? 2 : 1);
        long need = perFrame * frames;
        long max = Runtime.getRuntime().maxMemory() / 2;
        if (need > max) {
            throw new ImageLoadException(df.path(), frames + " frame(s) of " + f.columns() + "x"
                    + f.rows() + " need " + (need >> 20) + " MiB decoded, more than the " + (max >> 20)
                    + " MiB this process can give them; open fewer frames or give Java more memory (-Xmx)");
        }
    }

    private DicomFile parse(Path file) throws ImageLoadException {
        try {
            return parser.read(file);
        } catch (DicomParseException e) {
            throw new ImageLoadException(file, e.problem() + " (check that it is a complete DICOM file)", e);
        }
    }

    private Frame frame(DicomFile df, DicomObject header, int index) throws ImageLoadException {
        DecodedFrame d;
        try {
            d = decoder.decode(df, index);
        } catch (DicomParseException e) {
            throw new ImageLoadException(df.path(), e.problem(), e);
        }
        FrameOrigin origin = new FrameOrigin(df.path(), df.sopInstanceUid(), index, header);
        if (d.channels() == 3) {
            return new Frame(d.width(), d.height(), 3, d.pixels(), 1, 0, null, false, origin);
        }
        DicomObject ds = df.dataset();
        DicomObject shared = ds.getItem(Tag.SharedFunctionalGroupsSequence);
        List<DicomObject> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        DicomObject own = index < perFrame.size() ? perFrame.get(index) : null;
        DicomObject rescale = functionalGroup(ds, own, shared, Tag.PixelValueTransformationSequence);
        DicomObject voi = functionalGroup(ds, own, shared, Tag.FrameVOILUTSequence);
        double slope = rescale.getDouble(Tag.RescaleSlope, 1);
        double intercept = rescale.getDouble(Tag.RescaleIntercept, 0);
        if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
            slope = 1;
            intercept = 0;
        }
        double center = voi.getDouble(Tag.WindowCenter, Double.NaN);
        double width = voi.getDouble(Tag.WindowWidth, Double.NaN);
        Frame.Window window = Double.isFinite(center) && Double.isFinite(width) && width > 0
                ? new Frame.Window(center, width) : null;
        return new Frame(d.width(), d.height(), 1, d.pixels(), slope, intercept, window, d.monochrome1(), origin);
    }

    /** The data set without its pixel data, made once per file and shared by its frames' origins. */
    private static DicomObject headerOf(DicomFile df) {
        DicomObject header = new DicomObject();
        df.dataset().elements().stream().filter(e -> e.tag() != Tag.PixelData).forEach(header::put);
        return header;
    }

    /** The macro from the frame's own functional group, else the shared one, else the top-level attributes. */
    private static DicomObject functionalGroup(DicomObject ds, DicomObject own, DicomObject shared, int sequence) {
        if (own != null && own.getItem(sequence) != null) {
            return own.getItem(sequence);
        }
        if (shared != null && shared.getItem(sequence) != null) {
            return shared.getItem(sequence);
        }
        return ds;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
