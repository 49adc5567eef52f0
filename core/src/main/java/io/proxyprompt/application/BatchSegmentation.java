package io.proxyprompt.application;

import io.proxyprompt.quality.QualityReport;
import io.proxyprompt.quality.QualityCheck;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The one batch loop of the application: runs a support set over targets, frame by frame, and reports each frame's
 * outcome as it finishes. The workstation, the command line and the Spark job all call it. While one target runs
 * through the graphs, the next one is decoded on a second thread (one target ahead, so memory stays bounded). A
 * target that cannot be read or segmented fails alone; cancelling stops before the next frame.
 */
public final class BatchSegmentation {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSegmentation.class);

    private final FewShotSegmenter segmenter;
    private final QualityCheck quality;
    private final AnatomicalRules rules;

    /**
     * @param quality checks each model result before the rules tidy it (so a disc in pieces is flagged)
     * @param rules   applied to each result after the checks
     */
    public BatchSegmentation(FewShotSegmenter segmenter, QualityCheck quality, AnatomicalRules rules) {
        this.segmenter = segmenter;
        this.quality = quality;
        this.rules = rules;
    }

    /**
     * Runs the batch.
     *
     * @param sink receives every outcome on the calling thread, in target order
     * @return how many targets and frames were done and failed
     * @throws InferenceException when the support set itself cannot be encoded (nothing can be segmented)
     */
    public BatchSummary run(SupportSet support, List<BatchTarget> targets, ProgressListener progress,
                            CancellationToken cancel, Consumer<FrameOutcome> sink) throws InferenceException {
        LOG.info("Run: {} target(s), objects {}, {} support image(s), model {}", targets.size(),
                support.objectNames(), support.size(), segmenter.engine().model().id());
        Consumer<FrameOutcome> logged = outcome -> {
            if (outcome instanceof FrameOutcome.Failed f) {
                LOG.info("Run: {} failed: {}", f.targetName(), f.message());
            }
            sink.accept(outcome);
        };
        try {
            BatchSummary s = loop(support, targets, progress, cancel, logged);
            LOG.info("Run: {} of {} target(s) segmented ({} frame(s)), {} failed{} in {} ms", s.done(), s.targets(),
                    s.frames(), s.failed(), s.cancelled() ? ", cancelled" : "", Math.round(s.seconds() * 1000));
            return s;
        } catch (InferenceException e) { // the caller reports it (exit 3, or the window's message)
            LOG.info("Run stopped: {}", e.getMessage(), e);
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Run stopped", e);
            throw e;
        }
    }

    private BatchSummary loop(SupportSet support, List<BatchTarget> targets, ProgressListener progress,
                              CancellationToken cancel, Consumer<FrameOutcome> sink) throws InferenceException {
        long t0 = System.nanoTime();
        int done = 0;
        int frames = 0;
        int failed = 0;
        progress.progress(0, targets.size(), "Encoding " + support.size() + " support image(s)");
        QualityCheck.SupportAreas supportAreas = quality.supportAreas(support);
        ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<List<Frame>> next = targets.isEmpty() ? null : load(loader, targets.get(0));
            for (int i = 0; i < targets.size(); i++) {
                if (cancel.isCancelled()) {
                    return new BatchSummary(targets.size(), done, frames, failed, true, seconds(t0));
                }
                BatchTarget target = targets.get(i);
                CompletableFuture<List<Frame>> current = next;
                next = i + 1 < targets.size() ? load(loader, targets.get(i + 1)) : null;
                progress.progress(i, targets.size(), "Segmenting " + target.name() + " (" + (i + 1) + " of "
                        + targets.size() + ")");
                List<Frame> images;
                try {
                    images = await(current);
                } catch (ImageLoadException e) {
                    failed++;
                    sink.accept(new FrameOutcome.Failed(target.id(), target.name(), e.getMessage()));
                    continue;
                } catch (CancelledException e) {
                    return new BatchSummary(targets.size(), done, frames, failed, true, seconds(t0));
                } catch (RuntimeException e) {
                    LOG.warn("Run: {} could not be read", target.name(), e);
                    failed++;
                    sink.accept(new FrameOutcome.Failed(target.id(), target.name(), target.name()
                            + ": could not be read (" + e + "); check the file or convert it to PNG or DICOM"));
                    continue;
                }
                try {
                    for (int f = 0; f < images.size(); f++) {
                        Frame image = images.get(f);
                        SegmentationResult raw = segmenter.segment(support, target.name(), image, cancel);
                        QualityReport report = quality.check(raw, image, supportAreas);
                        sink.accept(new FrameOutcome.Segmented(new FrameKey(target.id(), f), target.name(),
                                images.size(), image, tidy(raw), report));
                        frames++;
                    }
                    done++;
                } catch (CancelledException e) {
                    return new BatchSummary(targets.size(), done, frames, failed, true, seconds(t0));
                } catch (InferenceException | RuntimeException e) {
                    LOG.warn("Run: {} failed", target.name(), e);
                    failed++;
                    sink.accept(new FrameOutcome.Failed(target.id(), target.name(), target.name() + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage())));
                }
            }
        } finally {
            loader.shutdownNow();
        }
        progress.progress(targets.size(), targets.size(), "Done");
        return new BatchSummary(targets.size(), done, frames, failed, false, seconds(t0));
    }

    /** The result with the anatomical rules applied to its masks. */
    private SegmentationResult tidy(SegmentationResult raw) {
        java.util.Map<String, io.proxyprompt.mask.Mask> clean = rules.apply(raw.masks());
        return new SegmentationResult(raw.target(), raw.origin(), raw.objects().stream()
                .map(o -> new SegmentationResult.ObjectResult(o.name(), clean.get(o.name()), o.iou(),
                        o.clippedOutside())).toList(), raw.timings());
    }

    private static CompletableFuture<List<Frame>> load(ExecutorService loader, BatchTarget target) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return target.source().frames();
            } catch (ImageLoadException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, loader);
    }

    private static List<Frame> await(CompletableFuture<List<Frame>> future) throws ImageLoadException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImageLoadException ile) {
                throw ile;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
