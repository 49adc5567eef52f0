package io.proxyprompt.cli;

import io.proxyprompt.dicom.DicomParser;
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
import io.proxyprompt.pacs.PacsException;
import io.proxyprompt.settings.PacsServers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code segment}: few-shot segmentation of target images from the command line, masks + measurements out. */
public final class SegmentCommand implements Command {

    private final Images images;
    private final ModelLocator models;
    private final Optional<SegExporter> segExporter;
    private final Optional<PacsServers> pacsServers;
    private final Map<String, String> environment;

    /**
     * @param segExporter DICOM SEG writer for {@code --format seg|both}; empty in builds without it
     */
    public SegmentCommand(Images images, ModelLocator models, Optional<SegExporter> segExporter) {
        this(images, models, segExporter, Optional.empty(), Map.of());
    }

    /**
     * @param pacsServers the servers saved in the workstation, for {@code --pacs NAME}
     * @param environment where {@code --pacs URL} finds credentials (PROXYPROMPT_PACS_USER/PASSWORD/TOKEN)
     */
    public SegmentCommand(Images images, ModelLocator models, Optional<SegExporter> segExporter,
                          Optional<PacsServers> pacsServers, Map<String, String> environment) {
        this.images = images;
        this.models = models;
        this.segExporter = segExporter;
        this.pacsServers = pacsServers;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return "segment";
    }

    @Override
    public String summary() {
        return "segment targets from support images and their masks (masks + measurements.csv)";
    }

    @Override
    public String usage() {
        return """
                Usage: proxyprompt segment --support IMG --mask NAME=PNG [--mask NAME=PNG ...]
                                           [--support IMG2 --mask NAME=PNG ...] --out DIR
                                           [--model DIR] [--device auto|cpu|cuda] [--format png|seg|both]
                                           [--overwrite] [--pacs SERVER --study UID [--series UID...] [--send]]
                                           [TARGET...]
                  Each --support starts a support pair; its --mask options follow it, and every pair names
                  the same objects. TARGET is an image or DICOM file, or a folder of them.
                  Writes DIR/<target>/<NAME>.png (0/255, the target's size) and DIR/measurements.csv.
                  --pacs SERVER --study UID retrieves the study's image series (or only the --series given)
                  from a DICOMweb server into DIR/pacs/ and segments them; --send stores the DICOM SEG of each
                  series back in the study (it implies --format both unless seg is asked). SERVER is a server
                  saved in the workstation (name or address) or a DICOMweb address; its credentials then come
                  from PROXYPROMPT_PACS_USER and PROXYPROMPT_PACS_PASSWORD, or PROXYPROMPT_PACS_TOKEN.
                  Exit status: 0 done, 2 bad input (the message names the file), 3 model or device error,
                  4 the PACS failed (the message says how).
                """;
    }

    private record PairArgs(Path image, List<String> masks) { }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        List<PairArgs> pairs = new ArrayList<>();
        List<Path> targetArgs = new ArrayList<>();
        Path outDir = null;
        String model = null;
        ExecutionDevice device = ExecutionDevice.AUTO;
        String format = "png";
        boolean overwrite = false;
        String pacs = null;
        String study = null;
        List<String> onlySeries = new ArrayList<>();
        boolean send = false;
        try {
            Args args = new Args(argv);
            while (args.hasNext()) {
                String a = args.next();
                switch (a) {
                    case "--support" -> pairs.add(new PairArgs(Path.of(args.value(a)), new ArrayList<>()));
                    case "--mask" -> {
                        String v = args.value(a);
                        if (pairs.isEmpty()) {
                            throw new Args.UsageException("--mask " + v + " must follow a --support IMG");
                        }
                        pairs.get(pairs.size() - 1).masks().add(v);
                    }
                    case "--out" -> outDir = Path.of(args.value(a));
                    case "--model" -> model = args.value(a);
                    case "--device" -> device = ExecutionDevice.parse(args.value(a));
                    case "--format" -> {
                        format = args.value(a);
                        if (!List.of("png", "seg", "both").contains(format)) {
                            throw new Args.UsageException("--format must be png, seg or both, not '" + format + "'");
                        }
                    }
                    case "--overwrite" -> overwrite = true;
                    case "--pacs" -> pacs = args.value(a);
                    case "--study" -> study = args.value(a);
                    case "--series" -> onlySeries.add(args.value(a));
                    case "--send" -> send = true;
                    default -> {
                        if (a.startsWith("--")) {
                            throw new Args.UsageException("unknown option " + a);
                        }
                        targetArgs.add(Path.of(a));
                    }
                }
            }
            if (pairs.isEmpty()) {
                throw new Args.UsageException("give at least one --support IMG with --mask NAME=PNG");
            }
            if (outDir == null) {
                throw new Args.UsageException("--out DIR is required");
            }
            if ((pacs == null) != (study == null)) {
                throw new Args.UsageException("--pacs SERVER and --study UID go together");
            }
            if (pacs == null && (send || !onlySeries.isEmpty())) {
                throw new Args.UsageException((send ? "--send" : "--series") + " needs --pacs SERVER --study UID");
            }
            if (targetArgs.isEmpty() && pacs == null) {
                throw new Args.UsageException("give at least one TARGET image or folder, or --pacs and --study");
            }
            if (send && format.equals("png")) {
                format = "both";
            }
        } catch (Args.UsageException | IllegalArgumentException e) {
            err.println("segment: " + e.getMessage() + " (see segment --help)");
            return BAD_INPUT;
        }
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
        PacsSteps pacsSteps = null;
        List<Path> segDirs = new ArrayList<>();
        if (pacs != null) {
            try {
                pacsSteps = PacsSteps.connect(pacs, pacsServers, environment, new DicomParser());
                targetArgs.addAll(pacsSteps.retrieve(study, onlySeries, outDir.resolve("pacs"), err));
            } catch (Args.UsageException e) {
                err.println("segment: " + e.getMessage() + " (see segment --help)");
                return BAD_INPUT;
            } catch (IllegalArgumentException e) {
                err.println("segment: " + e.getMessage());
                return BAD_INPUT;
            } catch (PacsException e) {
                err.println("segment: " + e.getMessage());
                return PACS_ERROR;
            }
        }

        List<Target> targets = new ArrayList<>();
        List<String> badTargets = new ArrayList<>();
        int skipped = 0;
        for (Path t : targetArgs) {
            try {
                for (Path f : images.expand(t)) {
                    Optional<String> notAnImage = images.notAnImage(f);
                    if (notAnImage.isPresent()) {
                        err.println("segment: skipped " + f.getFileName() + ": " + notAnImage.get());
                        skipped++;
                        continue;
                    }
                    targets.add(Target.file(f, images));
                }
            } catch (ImageLoadException e) {
                badTargets.add(e.getMessage());
            }
        }
        if (targets.isEmpty() && badTargets.isEmpty()) {
            err.println("segment: nothing to segment: the " + skipped + " target(s) given hold no image");
            return BAD_INPUT;
        }

        try (FewShotSegmenter segmenter = models.openAnnounced(model, device, out)) {
            BatchResult batch = segmenter.segmentAll(support, targets,
                    (done, total, msg) -> err.printf("[%d/%d] %s%n", done, total, msg), CancellationToken.never());
            List<SegmentationResult> written = new ArrayList<>();
            segDirs.clear();
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
                        segDirs.add(outDir.resolve(s.target()));
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
        if (send) {
            try {
                if (!pacsSteps.send(outDir, segDirs, out, err)) {
                    return PACS_ERROR;
                }
            } catch (PacsException e) {
                err.println("segment: the masks are in " + outDir + " but sending them failed: " + e.getMessage());
                return PACS_ERROR;
            }
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
