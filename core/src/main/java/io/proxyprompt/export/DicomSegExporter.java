package io.proxyprompt.export;

import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.inference.ModelSpec;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.BatchResult;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@link SegExporter} behind {@code segment --format seg|both}: one SEG per source series of a target. */
public final class DicomSegExporter implements SegExporter {

    private final DicomSegExport export;

    public DicomSegExporter(DicomSegExport export) {
        this.export = export;
    }

    @Override
    public void export(SupportSet support, BatchResult.Success target, ModelSpec model, Path outDir,
                       boolean overwrite) throws IOException {
        List<FrameOrigin> origins = new ArrayList<>();
        Map<String, List<Mask>> masks = new LinkedHashMap<>();
        for (String object : support.objectNames()) {
            masks.put(object, new ArrayList<>());
        }
        for (SegmentationResult r : target.frames()) {
            if (r.origin() == null || !r.origin().isDicom()) {
                throw new IOException(target.target() + " is not DICOM, so no DICOM SEG can reference it; use"
                        + " --format png for photographs");
            }
            origins.add(r.origin());
            for (String object : support.objectNames()) {
                masks.get(object).add(r.mask(object));
            }
        }
        if (origins.isEmpty()) {
            return;
        }
        try {
            export.export(target.target(), origins, masks, Set.of(), new DicomSegExport.Algorithm(model.name(), model.version()), outDir.resolve(target.target()),
                    overwrite, ProgressListener.NONE, CancellationToken.never());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
