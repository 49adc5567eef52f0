package io.proxyprompt.dicom;

import io.proxyprompt.common.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes Part 10 files in Explicit VR Little Endian with defined-length sequences and items. */
public final class DicomWriter {

    /** Our implementation class UID (under the UUID-derived root of {@link Uids}) and version name. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.184340318416624305829372950393327364891";
    public static final String IMPLEMENTATION_VERSION = "PROXYPROMPT_01";

    /**
     * Writes {@code dataset} with a file meta group built from its SOP Class/Instance UIDs. The file appears
     * atomically (written to a temporary sibling, then moved) so a crash never leaves half a file.
     */
    public void write(Path file, DicomObject dataset) throws IOException {
        write(file, dataset, AtomicFiles.Existing.REPLACE);
    }

    /** As {@link #write(Path, DicomObject)}, refusing or replacing an existing file as {@code existing} says. */
    public void write(Path file, DicomObject dataset, AtomicFiles.Existing existing) throws IOException {
        String sopClass = dataset.getString(Tag.SOPClassUID);
        String sopInstance = dataset.getString(Tag.SOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            throw new IllegalArgumentException("A data set needs SOP Class and Instance UIDs to be written");
        }
        DicomObject meta = new DicomObject();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, sopClass);
        meta.setString(Tag.MediaStorageSOPInstanceUID, sopInstance);
        meta.setString(Tag.TransferSyntaxUID, TransferSyntax.EXPLICIT_VR_LE.uid());
        meta.setString(Tag.ImplementationClassUID, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, IMPLEMENTATION_VERSION);
        byte[] metaBytes = encode(meta);
        ByteArrayOutputStream groupLength = new ByteArrayOutputStream();
        writeHeader(groupLength, Tag.FileMetaInformationGroupLength, VR.UL, 4);
        writeInt(groupLength, metaBytes.length);

        AtomicFiles.write(file, out -> {
            out.write(new byte[128]);
            out.write(new byte[] {'D', 'I', 'C', 'M'});
            groupLength.writeTo(out);
            out.write(metaBytes);
            writeDataset(out, dataset);
        }, existing);
    }

    /** Encodes a data set (no meta, no preamble) in Explicit VR Little Endian. */
    public byte[] encode(DicomObject dataset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeDataset(out, dataset);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeDataset(OutputStream out, DicomObject obj) throws IOException {
        for (DicomElement e : obj.elements()) {
            if ((e.tag() & 0xFFFF) == 0 && e.tag() != Tag.FileMetaInformationGroupLength) {
                continue; // group lengths are optional and would go stale; leave them out
            }
            if (e.isSequence()) {
                ByteArrayOutputStream items = new ByteArrayOutputStream();
                for (DicomObject item : e.items()) {
                    byte[] body = encode(item);
                    writeTag(items, Tag.Item);
                    writeInt(items, body.length);
                    items.write(body);
                }
                writeHeader(out, e.tag(), VR.SQ, items.size());
                items.writeTo(out);
            } else if (e.isEncapsulated()) {
                writeTag(out, e.tag());
                out.write(new byte[] {'O', 'B', 0, 0});
                writeInt(out, -1);
                for (byte[] f : e.fragments()) {
                    writeTag(out, Tag.Item);
                    writeInt(out, f.length + (f.length & 1));
                    out.write(f);
                    if ((f.length & 1) != 0) {
                        out.write(0);
                    }
                }
                writeTag(out, Tag.SequenceDelimitationItem);
                writeInt(out, 0);
            } else {
                byte[] v = e.value();
                int padded = v.length + (v.length & 1);
                VR vr = e.vr();
                if (!vr.longHeader() && padded > 0xFFFF) {
                    throw new IllegalArgumentException(Dictionary.format(e.tag()) + " " + vr + " value too long: " + padded);
                }
                writeHeader(out, e.tag(), vr, padded);
                out.write(v);
                if ((v.length & 1) != 0) {
                    out.write(vr.padding());
                }
            }
        }
    }

    private static void writeHeader(OutputStream out, int tag, VR vr, int length) throws IOException {
        writeTag(out, tag);
        String code = vr.name();
        out.write(code.charAt(0));
        out.write(code.charAt(1));
        if (vr.longHeader()) {
            out.write(0);
            out.write(0);
            writeInt(out, length);
        } else {
            out.write(length & 0xFF);
            out.write((length >>> 8) & 0xFF);
        }
    }

    private static void writeTag(OutputStream out, int tag) throws IOException {
        int g = tag >>> 16;
        int el = tag & 0xFFFF;
        out.write(g & 0xFF);
        out.write(g >>> 8);
        out.write(el & 0xFF);
        out.write(el >>> 8);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 24) & 0xFF);
    }
}
