package io.proxyprompt.export;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.seg.BinaryFrame;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegSource;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.dicom.seg.SegmentCodes;
import io.proxyprompt.dicom.seg.SegmentInfo;
import io.proxyprompt.dicom.seg.SegmentMasks;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exports per-frame masks of an opened DICOM stack as DICOM SEG, one file per source series: segments are the
 * objects (coded via {@link SegmentCodes}), AUTOMATIC from the model or SEMIAUTOMATIC once edited by hand.
 */
public final class DicomSegExport {

    /** Which model made the masks, for Segment Algorithm Name. */
    public record Algorithm(String modelName, String modelVersion) {
        String label() {
            return modelName + " " + modelVersion;
        }
    }

    private final SegWriter writer;
    private final DicomParser parser;
    private final SegOptions options;

    public DicomSegExport(SegWriter writer, DicomParser parser, SegOptions options) {
        this.writer = writer;
        this.parser = parser;
        this.options = options;
    }

    /**
     * Writes the SEG files into {@code outDir}.
     *
     * @param masks  per object name (in segment order), one mask per frame of {@code stack} (null: none)
     * @param edited object names whose masks were corrected by hand
     * @return the files written
     * @throws IllegalArgumentException when the stack is not DICOM or the masks do not fit it (message for the user)
     * @throws IOException              when a source header cannot be re-read or the file cannot be written
     */
    public List<Path> export(ImageStack stack, Map<String, List<Mask>> masks, Set<String> edited, Algorithm algorithm,
                             Path outDir, ProgressListener progress, CancellationToken cancel) throws IOException {
        if (stack.kind() != ImageStack.Kind.DICOM || !stack.frame(0).origin().isDicom()) {
            throw new IllegalArgumentException(stack.name() + " is not a DICOM image: DICOM SEG needs DICOM sources"
                    + " (export PNG masks instead, or store the photo as DICOM first)");
        }
        List<FrameOrigin> origins = stack.frames().stream().map(f -> f.origin()).toList();
        return export(stack.name(), origins, masks, edited, algorithm, outDir, true, progress, cancel);
    }

    /**
     * Writes the SEG files for frames known by their origins (the batch path: {@code segment --format seg}).
     *
     * @param overwrite whether an existing SEG file may be replaced ({@link FileAlreadyExistsException} if not)
     */
    public List<Path> export(String name, List<FrameOrigin> origins, Map<String, List<Mask>> masks,
                             Set<String> edited, Algorithm algorithm, Path outDir, boolean overwrite,
                             ProgressListener progress, CancellationToken cancel) throws IOException {
        for (FrameOrigin o : origins) {
            if (o == null || !o.isDicom()) {
                throw new IllegalArgumentException(name + " is not a DICOM image: DICOM SEG needs DICOM sources"
                        + " (export PNG masks instead, or store the photo as DICOM first)");
            }
        }
        for (var e : masks.entrySet()) {
            if (e.getValue().size() != origins.size()) {
                throw new IllegalArgumentException("Object '" + e.getKey() + "' has " + e.getValue().size()
                        + " masks for " + origins.size() + " frames of " + name);
            }
        }
        // The header read when the frame was opened; re-read from the file only for origins made without one.
        Map<Path, DicomObject> headers = new HashMap<>();
        Map<String, List<Integer>> framesBySeries = new LinkedHashMap<>();
        List<SegSource> sources = new ArrayList<>();
        for (int i = 0; i < origins.size(); i++) {
            cancel.throwIfCancelled();
            FrameOrigin origin = origins.get(i);
            DicomObject header = origin.header() != null ? origin.header() : headers.get(origin.file());
            if (header == null) {
                try {
                    header = parser.read(origin.file(), false).dataset();
                } catch (DicomParseException e) {
                    throw new IOException("Cannot re-read the source " + e.getMessage(), e);
                }
                headers.put(origin.file(), header);
            }
            sources.add(new SegSource(header, origin.frameIndex()));
            framesBySeries.computeIfAbsent(header.getString(Tag.SeriesInstanceUID, ""), k -> new ArrayList<>()).add(i);
        }
        List<Path> written = new ArrayList<>();
        int done = 0;
        for (var series : framesBySeries.entrySet()) {
            cancel.throwIfCancelled();
            progress.progress(done, framesBySeries.size(), "Writing DICOM SEG for " + name);
            List<Integer> idx = series.getValue();
            List<SegSource> seriesSources = idx.stream().map(sources::get).toList();
            List<SegmentMasks> segments = new ArrayList<>();
            int number = 1;
            for (var e : masks.entrySet()) {
                var coding = SegmentCodes.forObject(e.getKey());
                SegmentInfo info = new SegmentInfo(number++, e.getKey(), coding.description(), coding.category(),
                        coding.type(), edited.contains(e.getKey()) ? SegmentInfo.AlgorithmType.SEMIAUTOMATIC
                        : SegmentInfo.AlgorithmType.AUTOMATIC, algorithm.label(), coding.rgb());
                List<BinaryFrame> perFrame = new ArrayList<>();
                for (int i : idx) {
                    perFrame.add(SegFrames.toFrame(e.getValue().get(i)));
                }
                segments.add(new SegmentMasks(info, perFrame));
            }
            boolean any = segments.stream().flatMap(s -> s.masks().stream()).anyMatch(m -> m != null && !m.isEmpty());
            if (!any) {
                continue; // nothing found in this series: a SEG cannot be empty
            }
            String suffix = framesBySeries.size() > 1 ? "_" + (done + 1) : "";
            Path file = outDir.resolve(safe(name) + suffix + "_seg.dcm");
            writer.write(file, seriesSources, segments, options, AtomicFiles.Existing.replaceIf(overwrite));
            written.add(file);
            done++;
        }
        progress.progress(framesBySeries.size(), framesBySeries.size(), "Wrote " + written.size() + " SEG file(s)");
        return written;
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() ? "segmentation" : s;
    }
}
