package io.proxyprompt.application;

import io.proxyprompt.common.InstallLocations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bundled samples the first-run offer opens: a support photograph with its disc and cup masks, and as targets a
 * few real photographs (IDRiD, CC BY 4.0, in {@code real/}) beside the synthetic ones. The folder is found like the
 * model, among the {@link InstallLocations}.
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

    /** The first complete samples folder among the install locations (see {@link InstallLocations}). */
    public static Optional<SampleSet> find(InstallLocations locations) {
        return locations.candidates(FOLDER).stream().map(SampleSet::in).flatMap(Optional::stream).findFirst();
    }

    /** The first complete samples folder for a working directory and a jar folder (null: none). */
    public static Optional<SampleSet> find(Path workingDir, Path jarDir) {
        return find(InstallLocations.of(workingDir, jarDir));
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

    /** The real photographs (real/IDRiD_*.jpg, not their masks), sorted; empty when the folder is absent. */
    public List<Path> realPhotographs() {
        Path real = dir.resolve("real");
        if (!Files.isDirectory(real)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(real)) {
            return files.filter(p -> p.getFileName().toString().matches("IDRiD_\\d+\\.jpg")).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The real photographs first, then fundus_2..4.jpg and the DICOM version of fundus_2, those that exist. */
    public List<Path> targets() {
        List<Path> out = new ArrayList<>(realPhotographs());
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
