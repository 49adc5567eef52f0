package io.proxyprompt.cli;

import io.proxyprompt.export.MeasurementsCsv;
import io.proxyprompt.export.PngMasks;
import io.proxyprompt.export.SegExporter;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.segment.BatchResult;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.InvalidSupportException;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.segment.Target;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code segment}: few-shot segmentation of target images from the command line, masks + measurements out. */
@CommandLine.Command(name = "segment",
        description = {"segment targets from support images and their masks (masks + measurements.csv)", "",
            "Each --support starts a support pair; its --mask options follow it, and every pair names the same"
                + " objects. TARGET is an image or DICOM file, or a folder of them. Writes DIR/<target>/<NAME>.png"
                + " (0/255, the target's size) and DIR/measurements.csv."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "2:bad input (the message names the file)", "3:model or device error"})
public final class SegmentCommand extends CliCommand {

    private final Images images;
    private final ModelLocator models;
    private final Optional<SegExporter> segExporter;

    /**
     * @param segExporter DICOM SEG writer for {@code --format seg|both}; empty in builds without it
     */
    public SegmentCommand(Images images, ModelLocator models, Optional<SegExporter> segExporter) {
        this.images = images;
        this.models = models;
        this.segExporter = segExporter;
    }

    @Override
    CliCommand copy() {
        return new SegmentCommand(images, models, segExporter);
    }

    private record PairArgs(Path image, List<String> masks) { }

    private final List<PairArgs> pairs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Option(names = "--support", paramLabel = "IMG", required = true,
            description = "a support image; starts a support pair (repeat for K > 1)")
    void support(Path image) {
        pairs.add(new PairArgs(image, new ArrayList<>()));
    }

    @Option(names = "--mask", paramLabel = "NAME=PNG",
            description = "an object mask of the support image before it, e.g. disc=disc.png (repeat per object)")
    void mask(String nameEqualsPng) {
        if (pairs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--mask " + nameEqualsPng + " must follow a --support IMG");
        }
        pairs.get(pairs.size() - 1).masks().add(nameEqualsPng);
    }

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "where DIR/<target>/<NAME>.png and DIR/measurements.csv go")
    Path outDir;

    @Option(names = "--model", paramLabel = "DIR", description = "the model folder (default: the bundled model)")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", converter = OptionTypes.Device.class,
            completionCandidates = OptionTypes.Device.class, description = "where the model runs (default: auto)")
    ExecutionDevice device = ExecutionDevice.AUTO;

    @Option(names = "--format", paramLabel = "png|seg|both", converter = OptionTypes.Format.class,
            completionCandidates = OptionTypes.Format.class,
            description = "PNG masks, one DICOM SEG per series, or both (default: png)")
    String format = "png";

    @Option(names = "--overwrite", description = "replace results that already exist in DIR")
    boolean overwrite;

    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "an image or DICOM file, or a folder of them")
    List<Path> targetArgs = new ArrayList<>();

    @Override
    public Integer call() {
        if (!format.equals("png") && segExporter.isEmpty()) {
            err.println("segment: DICOM SEG export not available in this build; use --format png");
            return BAD_INPUT;
        }

        SupportSet support;
        try {
            support = loadSupport(pairs);
        } catch (ImageLoadException | IOException | InvalidSupportException e) {
            err.println("segment: " + e.getMessage());
            return BAD_INPUT;
        }

        List<Target> targets = new ArrayList<>();
        List<String> badTargets = new ArrayList<>();
        for (Path t : targetArgs) {
            try {
                for (Path f : images.expand(t)) {
                    targets.add(Target.file(f, images));
                }
            } catch (ImageLoadException e) {
                badTargets.add(e.getMessage());
            }
        }

        try (FewShotSegmenter segmenter = models.openAnnounced(model, device, out)) {
            BatchResult batch = segmenter.segmentAll(support, targets,
                    (done, total, msg) -> err.printf("[%d/%d] %s%n", done, total, msg), CancellationToken.never());
            List<SegmentationResult> written = new ArrayList<>();
            for (BatchResult.Success s : batch.successes()) {
                try {
                    for (SegmentationResult r : s.frames()) {
                        for (SegmentationResult.ObjectResult o : r.objects()) {
                            PngMasks.writeMask(o.mask(), outDir.resolve(r.target()).resolve(o.name() + ".png"),
                                    overwrite);
                        }
                        written.add(r);
                    }
                    if (segExporter.isPresent() && !format.equals("png")) {
                        segExporter.get().export(support, s, segmenter.engine().model().spec(), outDir, overwrite);
                    }
                } catch (FileAlreadyExistsException e) {
                    badTargets.add(e.getFile() + " already exists; use another --out or add --overwrite");
                } catch (IOException e) {
                    badTargets.add(s.target() + ": could not be written: " + e.getMessage());
                }
            }
            for (BatchResult.Failure f : batch.failures()) {
                badTargets.add(f.message());
            }
            try {
                MeasurementsCsv.write(written, outDir.resolve("measurements.csv"), overwrite);
            } catch (FileAlreadyExistsException e) {
                badTargets.add(e.getFile() + " already exists; use another --out or add --overwrite");
            } catch (IOException e) {
                err.println("segment: measurements.csv could not be written: " + e.getMessage());
                return BAD_INPUT;
            }
            out.printf("segmented %d target(s) -> %s%n", written.size(), outDir);
        } catch (ModelLoadException | DeviceException e) {
            err.println("segment: " + e.getMessage());
            return MODEL_ERROR;
        } catch (InferenceException e) {
            err.println("segment: " + e.getMessage());
            return MODEL_ERROR;
        }
        for (String bad : badTargets) {
            err.println("segment: " + bad);
        }
        return badTargets.isEmpty() ? OK : BAD_INPUT;
    }

    private SupportSet loadSupport(List<PairArgs> pairs) throws ImageLoadException, IOException {
        List<SupportPair> loaded = new ArrayList<>();
        for (PairArgs p : pairs) {
            Frame image = images.openFrame(p.image());
            List<ObjectMask> masks = new ArrayList<>();
            if (p.masks().isEmpty()) {
                throw new InvalidSupportException("Support " + p.image().getFileName()
                        + ": no --mask NAME=PNG follows it");
            }
            for (String spec : p.masks()) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new InvalidSupportException("--mask " + spec + ": write it as NAME=PNG, e.g. disc=disc.png");
                }
                Path file = Path.of(spec.substring(eq + 1));
                Mask mask = PngMasks.readMask(file);
                masks.add(new ObjectMask(spec.substring(0, eq), mask, file.getFileName().toString()));
            }
            loaded.add(new SupportPair(p.image().getFileName().toString(), image, masks));
        }
        return new SupportSet(loaded);
    }
}
