package io.proxyprompt.ui.tasks;

import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.DeviceInfo;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SegmentOptions;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link SegmentationService} on the engine's {@link FewShotSegmenter}: the support set becomes a
 * {@link SupportSet}, each target frame is segmented in turn (image embeddings and support features come from the
 * engine's caches, so a second run or a switched object is fast), and each outcome is reported as it finishes.
 */
public final class EngineSegmentation implements SegmentationService {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSegmentation.class);

    private final FewShotSegmenter segmenter;
    private final EngineStatus status;

    public EngineSegmentation(FewShotSegmenter segmenter) {
        this.segmenter = segmenter;
        DeviceInfo d = segmenter.device();
        var spec = segmenter.engine().model().spec();
        this.status = new EngineStatus(d.name(), d.reason(), spec.name() + " " + spec.version(), true, null);
    }

    /**
     * Opens the model on the device.
     *
     * @param threshold probability threshold in (0, 1); the engine thresholds logits, so it is converted
     * @throws ModelLoadException missing, corrupt or mismatched model (message names the file)
     * @throws DeviceException    CUDA forced but unusable
     */
    public static EngineSegmentation open(Path modelDir, ExecutionDevice device, int threads, int cacheMb,
                                          double threshold) throws ModelLoadException, DeviceException {
        EngineSettings settings = EngineSettings.defaults();
        if (threads > 0) {
            settings = settings.withThreads(threads);
        }
        if (cacheMb > 0) {
            settings = settings.withEmbeddingCacheMb(cacheMb);
        }
        double p = Math.max(0.01, Math.min(0.99, threshold));
        SegmentOptions d = SegmentOptions.defaults();
        SegmentOptions options = new SegmentOptions((float) Math.log(p / (1 - p)), d.fillHolesIn(),
                d.minComponentFraction(), d.keepInside());
        return new EngineSegmentation(FewShotSegmenter.open(modelDir, device, settings, options));
    }

    @Override
    public EngineStatus status() {
        return status;
    }

    @Override
    public void run(List<String> objects, List<SupportImage> support, List<TargetFrame> targets,
                    ProgressListener progress, CancellationToken cancel, Consumer<Outcome> onTarget)
            throws InferenceException {
        List<SupportPair> pairs = new ArrayList<>();
        for (SupportImage s : support) {
            List<ObjectMask> masks = new ArrayList<>();
            for (String o : objects) {
                masks.add(new ObjectMask(o, s.masks().get(o), "drawn on " + s.stack().name()));
            }
            pairs.add(new SupportPair(s.stack().name(), s.stack().frame(s.frame()), masks));
        }
        SupportSet set = new SupportSet(pairs);
        LOG.info("Run: {} target frame(s), objects {}, {} support image(s)", targets.size(), objects, pairs.size());
        long start = System.nanoTime();
        int failed = 0;
        for (int i = 0; i < targets.size(); i++) {
            cancel.throwIfCancelled();
            TargetFrame t = targets.get(i);
            String name = t.stack().frameCount() == 1 ? t.stack().name()
                    : t.stack().name() + " frame " + (t.frame() + 1);
            progress.progress(i, targets.size(), "Segmenting " + name + " (" + (i + 1) + " of " + targets.size() + ")");
            try {
                long t0 = System.nanoTime();
                SegmentationResult r = segmenter.segment(set, name, t.stack().frame(t.frame()), cancel);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                java.util.Map<String, Mask> masks = new java.util.LinkedHashMap<>(r.masks());
                onTarget.accept(new Segmented(t.id(), t.frame(), masks, ms));
            } catch (CancelledException e) {
                throw e;
            } catch (InferenceException | RuntimeException e) {
                LOG.warn("Run: {} failed", name, e);
                failed++;
                onTarget.accept(new Failed(t.id(), name + ": " + e.getMessage()));
            }
        }
        progress.progress(targets.size(), targets.size(), "Done");
        LOG.info("Run: {} segmented, {} failed in {} ms", targets.size() - failed, failed,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public io.proxyprompt.segment.EvaluationReport evaluate(io.proxyprompt.image.Images images,
                                                            io.proxyprompt.segment.PairsFolder pairs,
                                                            io.proxyprompt.segment.Evaluator.Plan plan,
                                                            ProgressListener progress, CancellationToken cancel)
            throws Exception {
        return new io.proxyprompt.segment.Evaluator(segmenter, images).evaluate(pairs, plan, progress, cancel);
    }

    @Override
    public void close() {
        segmenter.close();
    }
}
