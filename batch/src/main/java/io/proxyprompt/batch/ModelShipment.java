package io.proxyprompt.batch;

import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.inference.ModelSpec;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model folder shipped to executors once with {@link SparkContext#addFile}: the driver verifies the folder and adds
 * {@code model.json} and every file it lists; an executor rebuilds the folder from its {@link SparkFiles} copies
 * (hard links where it can) and opens it from there.
 *
 * @param sha256 the sha256 of {@code model.json}, which lists the sha256 of every graph: the model's identity in the
 *               result table and the name of the rebuilt folder
 * @param files  the folder's files, relative to it, {@code model.json} first
 */
public record ModelShipment(String name, String version, String sha256, List<String> files) implements Serializable {

    public ModelShipment {
        files = List.copyOf(files);
    }

    /**
     * Verifies {@code dir} (every file's sha256) and adds its files to the Spark context.
     *
     * @throws ModelLoadException a file is missing or corrupt (the message names it)
     */
    public static ModelShipment ship(Path dir, SparkContext sc) throws ModelLoadException {
        ModelShipment model = describe(dir);
        Set<String> added = new HashSet<>(CollectionConverters.asJava(sc.listFiles()));
        for (String f : model.files()) {
            String uri = dir.resolve(f).toAbsolutePath().toUri().toString();
            if (!added.contains(uri)) { // a second run in the same Spark context
                sc.addFile(uri);
            }
        }
        return model;
    }

    /** The verified model folder's identity and files, without shipping anything. */
    public static ModelShipment describe(Path dir) throws ModelLoadException {
        ModelBundle bundle = ModelBundle.load(dir);
        ModelSpec spec = bundle.spec();
        List<String> files = new ArrayList<>();
        files.add("model.json");
        spec.files().values().forEach(f -> files.add(f.path()));
        Set<String> names = new HashSet<>();
        for (String f : files) {
            if (!names.add(Path.of(f).getFileName().toString())) {
                throw new ModelLoadException(dir.resolve(f), "shares its file name with another file of the model;"
                        + " Spark ships files by name, so give every file of the model its own name");
            }
        }
        return new ModelShipment(spec.name(), spec.version(), ModelBundle.sha256(dir.resolve("model.json")), files);
    }

    /**
     * The model folder on this executor, rebuilt from the shipped files on first use (safe to call from several
     * tasks at once).
     */
    public Path localDir() throws IOException {
        Path root = Path.of(SparkFiles.getRootDirectory());
        Path dir = root.resolve("proxyprompt-model-" + sha256.substring(0, 16));
        synchronized (ModelShipment.class) {
            Path done = dir.resolve(".complete");
            if (Files.exists(done)) {
                return dir;
            }
            for (String f : files) {
                Path source = Path.of(SparkFiles.get(Path.of(f).getFileName().toString()));
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                try {
                    Files.createLink(target, source);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createFile(done);
            return dir;
        }
    }
}
