package io.proxyprompt.application;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.mask.FieldOfView;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityCheck;
import io.proxyprompt.quality.QualityReport;
import io.proxyprompt.segment.EncodedSupport;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.PreparedTarget;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.segment.TargetLogits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one batch loop of the application: runs a support set over targets, frame by frame, and reports each frame's
 * outcome as it finishes. The workstation, the command line and the Spark job all call it.
 *
 * <p>The stages overlap on three threads joined by queues of one item each (so at most a few frames are held at
 * any time, whatever the batch's length): {@code batch-decode} decodes a target and prepares its frames for the
 * model (then, while the graphs run on a frame, judges its field of view for the checks), {@code batch-graphs} runs
 * the graphs, and the calling thread turns the logits into full-size masks, checks them (while the anatomical rules
 * tidy them on a pool thread) and hands them to the sink. A target that cannot be read or segmented fails alone.
 * Cancelling stops the graphs before the next frame; what the graphs finished before that is still delivered.
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

    /** What travels between the stages. */
    private sealed interface Item permits Prepared, Inferred, Failed, TargetEnd, End { }

    /**
     * A frame ready for the graphs, and the photograph's field of view being judged meanwhile for the checks (and
     * then reused by the measurements); null when no check needs it or the frame is not a colour photograph.
     */
    private record Prepared(int index, int frame, int frameCount, PreparedTarget target,
                            CompletableFuture<FieldOfView> fieldOfView) implements Item { }

    private record Inferred(int index, int frame, int frameCount, TargetLogits logits,
                            CompletableFuture<FieldOfView> fieldOfView) implements Item { }

    private record Failed(int index, FrameOutcome.Failed outcome) implements Item { }

    /** Every frame of target {@code index} has been passed on. */
    private record TargetEnd(int index) implements Item { }

    private record End(boolean cancelled) implements Item { }

    /**
     * Runs the batch.
     *
     * @param progress told, from the graphs' thread, which target enters the graphs
     * @param sink     receives every outcome on the calling thread, in target order
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
        progress.progress(0, targets.size(), "Encoding " + support.size() + " support image(s)");
        QualityCheck.SupportAreas supportAreas = quality.supportAreas(support);
        EncodedSupport encoded;
        try {
            encoded = segmenter.encodeSupport(support, cancel);
        } catch (CancelledException e) {
            return new BatchSummary(targets.size(), 0, 0, 0, true, seconds(t0));
        }
        BlockingQueue<Item> prepared = new ArrayBlockingQueue<>(1);
        BlockingQueue<Item> inferred = new ArrayBlockingQueue<>(1);
        AtomicReference<Throwable> crash = new AtomicReference<>();
        // judged for the checks only: the workstation measures on its own, so judging it for the command line's
        // measurements would add work beside the graphs of every vessel target there
        boolean judgeFieldOfView = quality.usesFieldOfView(support.objectNames());
        Thread loader = start("batch-decode", prepared, crash,
                () -> load(targets, judgeFieldOfView, cancel, prepared));
        Thread graphs = start("batch-graphs", inferred, crash,
                () -> infer(encoded, targets, progress, cancel, prepared, inferred));
        int done = 0;
        int frames = 0;
        int failed = 0;
        int failedIndex = -1;
        boolean cancelled;
        try {
            while (true) {
                Item item = inferred.take();
                if (item instanceof End end) {
                    cancelled = end.cancelled();
                    break;
                }
                if (item instanceof Failed f) {
                    failed++;
                    failedIndex = f.index();
                    sink.accept(f.outcome());
                } else if (item instanceof TargetEnd end) {
                    done += end.index() == failedIndex ? 0 : 1;
                } else if (item instanceof Inferred in && in.index() != failedIndex) {
                    BatchTarget target = targets.get(in.index());
                    try {
                        sink.accept(finish(target, in, supportAreas));
                        frames++;
                    } catch (RuntimeException e) {
                        LOG.warn("Run: {} failed", target.name(), e);
                        failed++;
                        failedIndex = in.index();
                        sink.accept(failure(target, e));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } finally {
            stop(loader);
            stop(graphs);
        }
        Throwable c = crash.get();
        if (c instanceof RuntimeException re) {
            throw re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        if (!cancelled) {
            progress.progress(targets.size(), targets.size(), "Done");
        }
        return new BatchSummary(targets.size(), done, frames, failed, cancelled, seconds(t0));
    }

    /**
     * The calling thread's stage: full-size masks, checks, anatomical rules. The rules tidy a copy of the masks on
     * another thread while the checks read the model's own masks here (neither changes them).
     */
    private FrameOutcome.Segmented finish(BatchTarget target, Inferred in, QualityCheck.SupportAreas areas) {
        SegmentationResult raw = segmenter.toMasks(target.name(), in.logits());
        Frame image = in.logits().target().frame();
        CompletableFuture<SegmentationResult> tidied = CompletableFuture.supplyAsync(() -> tidy(raw));
        QualityReport report = quality.check(raw, image, areas, in.fieldOfView() == null
                ? () -> QualityCheck.fieldOfView(image) : () -> QualityCheck.withEdge(joined(in.fieldOfView())));
        return new FrameOutcome.Segmented(new FrameKey(target.id(), in.frame()), target.name(), in.frameCount(),
                image, joined(tidied), report, rules, judged(in.fieldOfView()));
    }

    /** The field of view the decode thread judged, for the measurements; null when it was not judged or failed. */
    private static FieldOfView judged(CompletableFuture<FieldOfView> fieldOfView) {
        if (fieldOfView == null) {
            return null;
        }
        try {
            return fieldOfView.join();
        } catch (CompletionException e) {
            return null; // the measurements judge it again
        }
    }

    /** The future's value; a failure is thrown as it was thrown (the target then fails with its message). */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The first stage: decodes each target and prepares its frames for the model; then, while the graphs run on the
     * frame, judges its field of view when a check needs it.
     */
    private void load(List<BatchTarget> targets, boolean judgeFieldOfView, CancellationToken cancel,
                      BlockingQueue<Item> out) throws InterruptedException {
        for (int i = 0; i < targets.size(); i++) {
            BatchTarget target = targets.get(i);
            if (cancel.isCancelled()) {
                out.put(new End(true));
                return;
            }
            List<Frame> images;
            try {
                images = target.source().frames();
            } catch (ImageLoadException e) {
                out.put(new Failed(i, new FrameOutcome.Failed(target.id(), target.name(), e.getMessage())));
                continue;
            } catch (CancelledException e) {
                out.put(new End(true));
                return;
            } catch (RuntimeException e) {
                LOG.warn("Run: {} could not be read", target.name(), e);
                out.put(new Failed(i, new FrameOutcome.Failed(target.id(), target.name(), target.name()
                        + ": could not be read (" + e + "); check the file or convert it to PNG or DICOM")));
                continue;
            }
            boolean ok = true;
            for (int f = 0; f < images.size() && ok; f++) {
                try {
                    Frame frame = images.get(f);
                    CompletableFuture<FieldOfView> fov = judgeFieldOfView && frame.channels() == 3
                            ? new CompletableFuture<>() : null;
                    out.put(new Prepared(i, f, images.size(), segmenter.prepareTarget(frame), fov));
                    if (fov != null) {
                        try {
                            fov.complete(QualityCheck.photographFieldOfView(frame));
                        } catch (RuntimeException e) {
                            fov.completeExceptionally(e);
                        }
                    }
                } catch (RuntimeException e) {
                    out.put(new Failed(i, failure(target, e)));
                    ok = false;
                }
            }
            if (ok) {
                out.put(new TargetEnd(i));
            }
        }
        out.put(new End(false));
    }

    /** The second stage: the graphs, one frame after the other. */
    private void infer(EncodedSupport support, List<BatchTarget> targets, ProgressListener progress,
                       CancellationToken cancel, BlockingQueue<Item> in, BlockingQueue<Item> out)
            throws InterruptedException {
        int announced = -1;
        int failedIndex = -1;
        while (true) {
            Item item = in.take();
            int index = item instanceof Prepared p ? p.index() : item instanceof Failed f ? f.index()
                    : item instanceof TargetEnd e ? e.index() : -1;
            if (index > announced) {
                announced = index;
                progress.progress(index, targets.size(), "Segmenting " + targets.get(index).name() + " ("
                        + (index + 1) + " of " + targets.size() + ")");
            }
            if (item instanceof Prepared p) {
                if (p.index() == failedIndex) {
                    continue;
                }
                try {
                    out.put(new Inferred(p.index(), p.frame(), p.frameCount(),
                            segmenter.infer(support, p.target(), cancel), p.fieldOfView()));
                } catch (CancelledException e) {
                    out.put(new End(true));
                    return;
                } catch (InferenceException | RuntimeException e) {
                    LOG.warn("Run: {} failed", targets.get(p.index()).name(), e);
                    failedIndex = p.index();
                    out.put(new Failed(p.index(), failure(targets.get(p.index()), e)));
                }
            } else if (!(item instanceof TargetEnd e && e.index() == failedIndex)) {
                out.put(item);
                if (item instanceof End) {
                    return;
                }
            }
        }
    }

    private static FrameOutcome.Failed failure(BatchTarget target, Exception e) {
        return new FrameOutcome.Failed(target.id(), target.name(), target.name() + ": "
                + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    /** The result with the anatomical rules applied to its masks. */
    private SegmentationResult tidy(SegmentationResult raw) {
        Map<String, Mask> clean = rules.apply(raw.masks());
        return new SegmentationResult(raw.target(), raw.origin(), raw.objects().stream()
                .map(o -> new SegmentationResult.ObjectResult(o.name(), clean.get(o.name()), o.iou(),
                        o.clippedOutside())).toList(), raw.timings());
    }

    /** A stage's body; being interrupted means the batch is over. */
    @FunctionalInterface
    private interface Stage {
        void run() throws InterruptedException;
    }

    /** Starts a stage; if it breaks down, the crash is kept for the caller and the stream ends downstream. */
    private static Thread start(String name, BlockingQueue<Item> out, AtomicReference<Throwable> crash, Stage stage) {
        Thread t = new Thread(() -> {
            try {
                stage.run();
            } catch (InterruptedException e) {
                // the calling thread stopped the batch
            } catch (RuntimeException | Error e) {
                crash.compareAndSet(null, e);
                try {
                    out.put(new End(false));
                } catch (InterruptedException stopped) {
                    // the calling thread stopped the batch
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops a stage and waits for it, so that no graph runs for this batch once it has returned. */
    private static void stop(Thread stage) {
        stage.interrupt();
        awaitEnd(stage);
    }

    /** Waits until {@code t} has ended, even if this thread is interrupted meanwhile (the flag is kept). */
    static void awaitEnd(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
