package io.proxyprompt.edit;

import io.proxyprompt.common.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Saves an undo history beside the masks it belongs to, so that undo still works after a restart or a crash: the
 * steps' changed rectangles (before and after), deflated, in one file written atomically.
 */
public final class HistoryFiles {

    private static final int MAGIC = 0x50504831; // "PPH1"
    private static final int MAX_STEPS = 10_000;

    private HistoryFiles() {
    }

    /** Writes the state (replacing an older file); an empty state deletes the file. */
    public static void write(Path file, MaskHistory.State state) throws IOException {
        if (state.undo().isEmpty() && state.redo().isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(buf, deflater, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(state.undo().size());
            out.writeInt(state.redo().size());
            for (MaskHistory.Step s : state.undo()) {
                writeStep(out, s);
            }
            for (MaskHistory.Step s : state.redo()) {
                writeStep(out, s);
            }
        } finally {
            deflater.end();
        }
        AtomicFiles.write(file, buf.toByteArray(), AtomicFiles.Existing.REPLACE);
    }

    /**
     * Reads a saved state; a missing file is an empty history.
     *
     * @throws IOException the file is damaged (the message names it)
     */
    public static MaskHistory.State read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return MaskHistory.State.EMPTY;
        }
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(
                new ByteArrayInputStream(Files.readAllBytes(file))))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not an undo history");
            }
            int undo = count(in.readInt());
            int redo = count(in.readInt());
            List<MaskHistory.Step> u = new ArrayList<>();
            for (int i = 0; i < undo; i++) {
                u.add(readStep(in));
            }
            List<MaskHistory.Step> r = new ArrayList<>();
            for (int i = 0; i < redo; i++) {
                r.add(readStep(in));
            }
            return new MaskHistory.State(u, r);
        } catch (EOFException | java.util.zip.ZipException | IllegalArgumentException e) {
            throw new IOException(file.getFileName() + " (undo history) is damaged: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(file.getFileName() + " (undo history) cannot be read: " + e.getMessage(), e);
        }
    }

    private static void writeStep(DataOutputStream out, MaskHistory.Step s) throws IOException {
        out.writeUTF(s.label());
        out.writeInt(s.changes().size());
        for (MaskHistory.Change c : s.changes()) {
            out.writeUTF(c.layer());
            PixelRect r = c.region();
            out.writeInt(r.x());
            out.writeInt(r.y());
            out.writeInt(r.width());
            out.writeInt(r.height());
            out.write(c.before());
            out.write(c.after());
        }
    }

    private static MaskHistory.Step readStep(DataInputStream in) throws IOException {
        String label = in.readUTF();
        int n = count(in.readInt());
        List<MaskHistory.Change> changes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String layer = in.readUTF();
            PixelRect r = new PixelRect(in.readInt(), in.readInt(), in.readInt(), in.readInt());
            if (r.x() < 0 || r.y() < 0 || r.isEmpty() || (long) r.width() * r.height() > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("bad region " + r);
            }
            byte[] before = new byte[r.width() * r.height()];
            byte[] after = new byte[before.length];
            in.readFully(before);
            in.readFully(after);
            changes.add(new MaskHistory.Change(layer, r, before, after));
        }
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a step without changes");
        }
        return new MaskHistory.Step(label, changes);
    }

    private static int count(int n) {
        if (n < 0 || n > MAX_STEPS) {
            throw new IllegalArgumentException("bad count " + n);
        }
        return n;
    }
}
