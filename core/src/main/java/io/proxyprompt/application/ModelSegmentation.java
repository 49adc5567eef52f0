package io.proxyprompt.application;

import io.proxyprompt.image.Images;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.DeviceInfo;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.inference.ModelSpec;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityCheck;
import io.proxyprompt.segment.EvaluationReport;
import io.proxyprompt.segment.Evaluator;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.segment.SupportSet;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link SegmentationEngine} of a model folder: a {@link FewShotSegmenter} (image embeddings and support
 * features cached, so a second run or a switched object is fast) driven by the one {@link BatchSegmentation}.
 */
public final class ModelSegmentation implements SegmentationEngine {

    /** How the engine is opened. */
    public record Settings(ExecutionDevice device, int threads, int cacheMb, double threshold, boolean anatomy) {

        /** Automatic device, default threads and cache, probability 0.5, anatomical rules on. */
        public static Settings defaults() {
            return new Settings(ExecutionDevice.AUTO, 0, 0, 0.5, true);
        }

        public Settings withDevice(ExecutionDevice d) {
            return new Settings(d, threads, cacheMb, threshold, anatomy);
        }
    }

    private final FewShotSegmenter segmenter;
    private final BatchSegmentation batch;
    private final QualityCheck quality;
    private final EngineStatus status;

    public ModelSegmentation(FewShotSegmenter segmenter, AnatomicalRules rules) {
        this.segmenter = segmenter;
        this.quality = new QualityCheck(QualityCheck.Limits.defaults(), rules);
        this.batch = new BatchSegmentation(segmenter, quality, rules);
        DeviceInfo d = segmenter.device();
        ModelSpec spec = segmenter.engine().model().spec();
        this.status = new EngineStatus(d.name(), d.reason(), spec.name() + " " + spec.version(), true, null);
    }

    /**
     * Opens the model on the device.
     *
     * @throws ModelLoadException missing, corrupt or mismatched model (message names the file)
     * @throws DeviceException    CUDA forced but unusable
     */
    public static ModelSegmentation open(Path modelDir, Settings s) throws ModelLoadException, DeviceException {
        EngineSettings settings = EngineSettings.defaults();
        if (s.threads() > 0) {
            settings = settings.withThreads(s.threads());
        }
        if (s.cacheMb() > 0) {
            settings = settings.withEmbeddingCacheMb(s.cacheMb());
        }
        double p = Math.max(0.01, Math.min(0.99, s.threshold()));
        AnatomicalRules rules = AnatomicalRules.enabled(s.anatomy());
        FewShotSegmenter segmenter = FewShotSegmenter.open(modelDir, s.device(), settings,
                rules.segmentOptions((float) Math.log(p / (1 - p))));
        return new ModelSegmentation(segmenter, rules);
    }

    /** The segmenter underneath (for bench and evaluation). */
    public FewShotSegmenter segmenter() {
        return segmenter;
    }

    /** The model's manifest. */
    public ModelSpec model() {
        return segmenter.engine().model().spec();
    }

    @Override
    public EngineStatus status() {
        return status;
    }

    @Override
    public BatchSummary run(SupportSet support, List<BatchTarget> targets, ProgressListener progress,
                            CancellationToken cancel, Consumer<FrameOutcome> sink) throws InferenceException {
        return batch.run(support, targets, progress, cancel, sink);
    }

    @Override
    public EvaluationReport evaluate(Images images, PairsFolder pairs, Evaluator.Plan plan,
                                     ProgressListener progress, CancellationToken cancel) throws Exception {
        return new Evaluator(segmenter, images, quality.forEvaluation()).evaluate(pairs, plan, progress, cancel);
    }

    @Override
    public String clicksUnavailable() {
        return segmenter.refineUnavailableReason();
    }

    @Override
    public io.proxyprompt.mask.Mask refine(SupportSet support, io.proxyprompt.image.Frame target, String object,
                                           List<io.proxyprompt.segment.Click> clicks,
                                           java.util.Map<String, io.proxyprompt.mask.Mask> current,
                                           CancellationToken cancel) throws InferenceException {
        String outer = segmenter.options().keepInside().get(object);
        return segmenter.refine(segmenter.encodeSupport(support, cancel), target, object, clicks,
                outer == null ? null : current.get(outer), cancel).mask();
    }

    @Override
    public void close() {
        segmenter.close();
    }
}
