package io.proxyprompt.cli;

import io.proxyprompt.application.BatchSummary;
import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.application.ExportItem;
import io.proxyprompt.application.ExportPlan;
import io.proxyprompt.application.ExportReport;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.FrameOutcome;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.application.QueuedExportWriter;
import io.proxyprompt.application.SupportLoader;
import io.proxyprompt.application.TargetNames;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.pacs.PacsException;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.segment.InvalidSupportException;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.settings.PacsServers;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code segment}: few-shot segmentation of target images from the command line. Parsing and printing only; the
 * batch, the quality checks and the files written are the application's, the same as the workstation's.
 */
@CommandLine.Command(name = "segment",
        description = {"segment targets from support images and their masks (masks + measurements.csv)", "",
            "Each --support starts a support pair; its --mask options follow it, and every pair names the same"
                + " objects. TARGET is an image or DICOM file, or a folder of them. Writes DIR/<target>/<NAME>.png"
                + " (0/255, the target's size; <NAME>_f001.png ... per frame), DIR/<target>/labels.png with"
                + " --label-map, DIR/<target>/<target>_seg.dcm for DICOM targets with --format seg|both, and"
                + " DIR/measurements.csv (with a qc column: results to check). A DICOM SEG given as a target is"
                + " skipped with a message (it holds masks, not an image).",
            "--pacs SERVER --study UID retrieves the study's image series (or only the --series given) from a"
                + " DICOMweb server into DIR/pacs/ and segments them; --send stores each series' DICOM SEG back in"
                + " the study (it adds --format both unless seg is asked). SERVER is a server saved in the"
                + " workstation (name or address) or a DICOMweb address whose credentials come from"
                + " PROXYPROMPT_PACS_USER and PROXYPROMPT_PACS_PASSWORD, or PROXYPROMPT_PACS_TOKEN."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "2:bad input or nothing to segment (the message names the file)",
            "3:model or device error", "4:the PACS failed (the message says how)"})
public final class SegmentCommand extends CliCommand {

    private final Images images;
    private final ModelLocator models;
    private final ExportService export;
    private final Optional<PacsServers> pacsServers;
    private final Map<String, String> environment;

    public SegmentCommand(Images images, ModelLocator models, ExportService export) {
        this(images, models, export, Optional.empty(), Map.of());
    }

    /**
     * @param pacsServers the servers saved in the workstation, for {@code --pacs NAME}
     * @param environment where {@code --pacs URL} finds credentials (PROXYPROMPT_PACS_USER/PASSWORD/TOKEN)
     */
    public SegmentCommand(Images images, ModelLocator models, ExportService export,
                          Optional<PacsServers> pacsServers, Map<String, String> environment) {
        this.images = images;
        this.models = models;
        this.export = export;
        this.pacsServers = pacsServers;
        this.environment = Map.copyOf(environment);
    }

    @Override
    CliCommand copy() {
        return new SegmentCommand(images, models, export, pacsServers, environment);
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
            description = "PNG masks, one DICOM SEG per DICOM target, or both (default: png)")
    String format = "png";

    @Option(names = "--overwrite", description = "replace results that already exist in DIR")
    boolean overwrite;

    @Option(names = "--label-map", description = "also write DIR/<target>/labels.png (one grey level per object)")
    boolean labelMap;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads inside each operator (default: 0, all cores)")
    int threads;

    @Option(names = "--pacs", paramLabel = "SERVER",
            description = "a DICOMweb server (saved name or address) to retrieve --study from")
    String pacs;

    @Option(names = "--study", paramLabel = "UID", description = "the Study Instance UID to retrieve with --pacs")
    String study;

    @Option(names = "--series", paramLabel = "UID", description = "only this series of --study (repeatable)")
    List<String> onlySeries = new ArrayList<>();

    @Option(names = "--send", description = "store each series' DICOM SEG back in its study on --pacs")
    boolean send;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "an image or DICOM file, or a folder of them")
    List<Path> targetArgs = new ArrayList<>();

    /** The PACS options that do not fit together, or null. */
    private String pacsUsage() {
        if ((pacs == null) != (study == null)) {
            return "--pacs SERVER and --study UID go together";
        }
        if (pacs == null && (send || !onlySeries.isEmpty())) {
            return (send ? "--send" : "--series") + " needs --pacs SERVER --study UID";
        }
        if (targetArgs.isEmpty() && pacs == null) {
            return "give at least one TARGET image or folder, or --pacs and --study";
        }
        return null;
    }

    @Override
    public Integer call() {
        String usage = pacsUsage();
        if (usage != null) {
            err.println("segment: " + usage + " (see segment --help)");
            return BAD_INPUT;
        }
        if (send && format.equals("png")) {
            format = "both";
        }
        SupportSet support;
        try {
            support = new SupportLoader(images).load(pairFiles(pairs));
        } catch (ImageLoadException | IOException | InvalidSupportException e) {
            err.println("segment: " + e.getMessage());
            return BAD_INPUT;
        }

        PacsSteps pacsSteps = null;
        List<PacsSteps.Retrieved> retrieved = List.of();
        if (pacs != null) {
            try {
                pacsSteps = PacsSteps.connect(pacs, pacsServers, environment, new DicomParser());
                retrieved = pacsSteps.retrieve(study, onlySeries, outDir.resolve("pacs"), err);
            } catch (IllegalArgumentException e) {
                err.println("segment: " + e.getMessage() + " (see segment --help)");
                return BAD_INPUT;
            } catch (PacsException e) {
                err.println("segment: " + e.getMessage());
                return PACS_ERROR;
            }
        }

        List<String> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path t : targetArgs) {
            try {
                for (Path f : images.expand(t)) {
                    Optional<String> notAnImage = images.notAnImage(f);
                    if (notAnImage.isPresent()) {
                        err.println("segment: skipped " + f.getFileName() + ": " + notAnImage.get());
                    } else {
                        files.add(f);
                    }
                }
            } catch (ImageLoadException e) {
                problems.add(e.getMessage());
            }
        }
        if (files.isEmpty() && retrieved.isEmpty()) {
            problems.forEach(p -> err.println("segment: " + p));
            err.println("segment: nothing to segment: no image or DICOM file in " + targetArgs
                    + "; name image files or folders that hold them");
            return BAD_INPUT;
        }
        List<String> names = new ArrayList<>(TargetNames.forFiles(files));
        List<BatchTarget> targets = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            targets.add(BatchTarget.file(names.get(i), names.get(i), files.get(i), images));
        }
        for (PacsSteps.Retrieved r : retrieved) {
            String name = TargetNames.unique(r.name(), r.name() + "-" + r.series().seriesInstanceUid(), names);
            names.add(name);
            targets.add(BatchTarget.file(name, name, r.folder(), images));
        }

        Set<ExportFormat> formats = EnumSet.of(ExportFormat.CSV);
        if (!format.equals("seg")) {
            formats.add(ExportFormat.PNG);
        }
        if (!format.equals("png")) {
            formats.add(ExportFormat.SEG);
        }
        if (labelMap) {
            formats.add(ExportFormat.LABEL_MAP);
        }
        ExportReport report = new ExportReport(List.of(), List.of());
        ModelSegmentation.Settings d = ModelSegmentation.Settings.defaults();
        ModelSegmentation.Settings settings = new ModelSegmentation.Settings(device, threads, d.cacheMb(),
                d.threshold(), d.anatomy());
        try (ModelSegmentation engine = ModelSegmentation.open(models.resolve(model), settings)) {
            out.println("device: " + engine.segmenter().device().describe());
            out.println("model: " + engine.segmenter().engine().model());
            ExportPlan plan = new ExportPlan(outDir, formats, List.of(new ExportPlan.LabelGroup("support",
                    support.objectNames())), engine.model().name(), engine.model().version());
            Set<String> toCheck = new LinkedHashSet<>();
            Map<String, Boolean> anyMask = new LinkedHashMap<>();
            BatchSummary summary;
            // files are written on their own thread while the next targets run through the graphs
            try (QueuedExportWriter writer = new QueuedExportWriter(export.open(plan,
                    AtomicFiles.Existing.replaceIf(overwrite)), 2)) {
                summary = engine.run(support, targets,
                        (done, total, msg) -> err.printf("[%d/%d] %s%n", done, total, msg), CancellationToken.never(),
                        outcome -> {
                            if (outcome instanceof FrameOutcome.Failed f) {
                                problems.add(f.message());
                                return;
                            }
                            FrameOutcome.Segmented s = (FrameOutcome.Segmented) outcome;
                            ExportItem item = ExportItem.of(s);
                            anyMask.merge(s.targetName(), !item.allEmpty(), Boolean::logicalOr);
                            if (!s.quality().isClean()) {
                                toCheck.add(s.targetName() + (s.frameCount() > 1 ? " frame "
                                        + (s.key().frame() + 1) : "") + ": " + s.quality().summary());
                            }
                            writer.write(item);
                        });
                try {
                    report = writer.finish();
                } catch (IOException e) {
                    problems.add(writeProblem("", e));
                    report = new ExportReport(List.of(), List.of());
                }
                writer.failures().forEach(f -> problems.add(writeProblem(f.target(), f.error())));
            }
            out.printf("segmented %d of %d target(s) (%d frame(s)) -> %s%n", summary.done(), summary.targets(),
                    summary.frames(), outDir);
            anyMask.forEach((target, any) -> {
                if (!any) {
                    err.println("segment: warning: " + target + ": every mask is empty (nothing was found)");
                }
            });
            report.warnings().forEach(w -> err.println("segment: warning: " + w));
            if (!toCheck.isEmpty()) {
                out.println(toCheck.size() + " result(s) to check by eye (qc column of measurements.csv):");
                toCheck.forEach(c -> out.println("  check " + c));
            }
        } catch (ModelLoadException | DeviceException | InferenceException e) {
            err.println("segment: " + e.getMessage());
            return MODEL_ERROR;
        }
        for (String bad : problems) {
            err.println("segment: " + bad);
        }
        if (send) {
            List<Path> segs = report.written().stream().filter(p -> p.getFileName().toString().endsWith("_seg.dcm"))
                    .toList();
            try {
                if (!pacsSteps.send(outDir, segs, out, err)) {
                    return PACS_ERROR;
                }
            } catch (PacsException e) {
                err.println("segment: the results are in " + outDir + " but sending the SEGs failed: " + e.getMessage());
                return PACS_ERROR;
            }
        }
        return problems.isEmpty() ? OK : BAD_INPUT;
    }

    private static String writeProblem(String target, Throwable e) {
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " already exists; use another --out or add --overwrite";
        }
        return target.isEmpty() ? String.valueOf(e.getMessage()) : target + ": could not be written: " + e.getMessage();
    }

    private static List<SupportLoader.PairFiles> pairFiles(List<PairArgs> pairs) {
        List<SupportLoader.PairFiles> out = new ArrayList<>();
        for (PairArgs p : pairs) {
            Map<String, Path> masks = new LinkedHashMap<>();
            for (String spec : p.masks()) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new InvalidSupportException("--mask " + spec + ": write it as NAME=PNG, e.g. disc=disc.png");
                }
                String name = spec.substring(0, eq);
                if (masks.put(name, Path.of(spec.substring(eq + 1))) != null) {
                    throw new InvalidSupportException("Support " + p.image().getFileName() + ": object '" + name
                            + "' is given twice");
                }
            }
            out.add(new SupportLoader.PairFiles(p.image(), masks));
        }
        return out;
    }
}
