package io.proxyprompt.batch;

import io.proxyprompt.application.SupportLoader;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.session.WorkspaceStore;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A support set as it is broadcast to executors: the bytes of each support image file and of each object's mask
 * (a PNG or DICOM SEG file as given, or a workspace mask encoded as PNG). Executors write them to local disk and load
 * them with the application's {@link SupportLoader}, exactly as {@code segment --support ... --mask ...} does, so
 * the support set on every executor is the one the command line would load.
 */
public record SupportShipment(List<PairBytes> pairs) implements Serializable {

    /** A file's name and content. */
    public record FileBytes(String name, byte[] bytes) implements Serializable {
    }

    /** One support image (the 0-based frame of it that is the support) and its masks in object order. */
    public record PairBytes(FileBytes image, int frame, List<MaskBytes> masks) implements Serializable {
        public PairBytes {
            masks = List.copyOf(masks);
        }
    }

    /** One object's mask file. */
    public record MaskBytes(String object, FileBytes file) implements Serializable {
    }

    public SupportShipment {
        pairs = List.copyOf(pairs);
    }

    /** The support images and mask files named on the command line. */
    public static SupportShipment ofFiles(List<SupportLoader.PairFiles> pairs) throws IOException {
        List<PairBytes> out = new ArrayList<>();
        for (SupportLoader.PairFiles p : pairs) {
            List<MaskBytes> masks = new ArrayList<>();
            for (Map.Entry<String, Path> m : p.masks().entrySet()) {
                masks.add(new MaskBytes(m.getKey(), read(m.getValue())));
            }
            out.add(new PairBytes(read(p.image()), p.frame(), masks));
        }
        return new SupportShipment(out);
    }

    /**
     * A support set saved in a workstation workspace.
     *
     * @param setName the set's name; null takes the set selected in the workspace (or its only set)
     * @throws BatchInputException no such set, or a set that cannot run yet (says what is missing)
     */
    public static SupportShipment ofWorkspace(Path folder, String setName) throws IOException, BatchInputException {
        if (!WorkspaceStore.exists(folder)) {
            throw new BatchInputException(folder + " holds no saved workspace; give the workstation's workspace"
                    + " folder, or --support IMG --mask NAME=PNG");
        }
        List<String> problems = new ArrayList<>();
        Workspace ws = WorkspaceStore.load(folder, problems);
        SupportSetEntry set = pick(ws, folder, setName);
        if (!set.isComplete()) {
            throw new BatchInputException("support set '" + set.name() + "' in " + folder + " cannot run yet: "
                    + set.missing() + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"));
        }
        List<PairBytes> out = new ArrayList<>();
        for (SupportSetEntry.Pair p : set.pairs()) {
            List<MaskBytes> masks = new ArrayList<>();
            for (ObjectSpec o : set.objects()) {
                masks.add(new MaskBytes(o.name(), new FileBytes(o.name() + ".png",
                        MaskFiles.encodePng(p.mask(o.name())))));
            }
            out.add(new PairBytes(read(p.image()), p.frame(), masks));
        }
        return new SupportShipment(out);
    }

    private static SupportSetEntry pick(Workspace ws, Path folder, String setName) throws BatchInputException {
        List<SupportSetEntry> sets = ws.supportSets();
        if (setName != null) {
            return sets.stream().filter(s -> s.name().equals(setName)).findFirst().orElseThrow(() ->
                    new BatchInputException("no support set named '" + setName + "' in " + folder + "; it has "
                            + sets.stream().map(SupportSetEntry::name).toList()));
        }
        if (ws.selectedSet().isPresent()) {
            return ws.selectedSet().get();
        }
        if (sets.size() == 1) {
            return sets.get(0);
        }
        throw new BatchInputException(folder + " has " + sets.size() + " support sets "
                + sets.stream().map(SupportSetEntry::name).toList() + "; name one with --support-set NAME");
    }

    /**
     * The support set, loaded from a private temporary folder that is removed again.
     *
     * @throws ImageLoadException a support image cannot be opened (the message names it)
     * @throws IOException        a mask cannot be read or does not fit its image
     */
    public SupportSet load(Images images) throws ImageLoadException, IOException {
        Path dir = Files.createTempDirectory("proxyprompt-support");
        try {
            List<SupportLoader.PairFiles> files = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                PairBytes p = pairs.get(i);
                Path pairDir = Files.createDirectories(dir.resolve(Integer.toString(i)));
                Path image = Files.write(pairDir.resolve(p.image().name()), p.image().bytes());
                Map<String, Path> masks = new LinkedHashMap<>();
                for (MaskBytes m : p.masks()) {
                    Path maskDir = Files.createDirectories(pairDir.resolve("mask-" + m.object()));
                    masks.put(m.object(), Files.write(maskDir.resolve(m.file().name()), m.file().bytes()));
                }
                files.add(new SupportLoader.PairFiles(image, p.frame(), masks));
            }
            return new SupportLoader(images).load(files);
        } finally {
            Folders.deleteTree(dir);
        }
    }

    /**
     * A content hash of a support set: every support frame's displayed pixels and each object's name and mask, in
     * order. The same set hashes the same whether it came from files or a workspace; the table records it per row.
     */
    public static String hash(SupportSet set) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (SupportPair p : set.pairs()) {
            d.update(ByteBuffer.allocate(8).putInt(p.image().width()).putInt(p.image().height()).array());
            d.update(FrameRenderer.toRgb8(p.image()));
            for (ObjectMask m : p.masks()) {
                d.update(m.name().getBytes(StandardCharsets.UTF_8));
                d.update(ByteBuffer.allocate(8).putInt(m.mask().width()).putInt(m.mask().height()).array());
                d.update(m.mask().data());
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static FileBytes read(Path file) throws IOException {
        try {
            return new FileBytes(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": the support file cannot be read (" + e.getMessage()
                    + "); check the path", e);
        }
    }
}
