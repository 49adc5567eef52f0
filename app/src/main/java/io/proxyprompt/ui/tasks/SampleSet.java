package io.proxyprompt.ui.tasks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bundled samples the first-run offer opens: a support photograph with its disc and cup masks and a few target
 * photographs. The folder is found like the model: under the working directory, beside the jar, or one level above.
 */
public record SampleSet(Path dir) {

    /** The samples folder's name. */
    public static final String FOLDER = "samples";

    /** The samples in {@code dir} when the support image, its two masks and at least one target are there. */
    public static Optional<SampleSet> in(Path dir) {
        SampleSet s = new SampleSet(dir.toAbsolutePath().normalize());
        boolean complete = Files.isRegularFile(s.supportImage()) && Files.isRegularFile(s.discMask())
                && Files.isRegularFile(s.cupMask()) && !s.targets().isEmpty();
        return complete ? Optional.of(s) : Optional.empty();
    }

    /** The first complete samples folder under the working directory, beside the jar or one level above it. */
    public static Optional<SampleSet> find(Path workingDir, Path jarDir) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(workingDir.resolve(FOLDER));
        if (jarDir != null) {
            candidates.add(jarDir.resolve(FOLDER));
            if (jarDir.getParent() != null) {
                candidates.add(jarDir.getParent().resolve(FOLDER));
            }
        }
        return candidates.stream().map(SampleSet::in).flatMap(Optional::stream).findFirst();
    }

    /** The samples for this process (working directory and the location of the running code). */
    public static Optional<SampleSet> forThisProcess() {
        Path jarDir = null;
        try {
            Path code = Path.of(SampleSet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            jarDir = Files.isDirectory(code) ? code : code.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): only the working directory is searched
        }
        return find(Path.of("").toAbsolutePath(), jarDir);
    }

    public Path supportImage() {
        return dir.resolve("fundus").resolve("fundus_1.jpg");
    }

    public Path discMask() {
        return dir.resolve("fundus").resolve("fundus_1_disc.png");
    }

    public Path cupMask() {
        return dir.resolve("fundus").resolve("fundus_1_cup.png");
    }

    /** fundus_2..4.jpg and the DICOM version of fundus_2, those that exist. */
    public List<Path> targets() {
        List<Path> out = new ArrayList<>();
        for (int i = 2; i <= 4; i++) {
            Path p = dir.resolve("fundus").resolve("fundus_" + i + ".jpg");
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        Path dcm = dir.resolve("dicom").resolve("fundus_2.dcm");
        if (!out.isEmpty() && Files.isRegularFile(dcm)) {
            out.add(dcm);
        }
        return out;
    }
}
