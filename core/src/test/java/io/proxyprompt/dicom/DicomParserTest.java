package io.proxyprompt.dicom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.proxyprompt.dicom.DicomTestSupport.decodeAll;
import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomParserTest {

    private final DicomParser parser = new DicomParser();

    @TempDir
    Path tmp;

    @Test
    void implicitAndBigEndianCopiesOfOneImageReadTheSameAttributesAndPixels() throws Exception {
        DicomFile implicit = parser.read(resource("pydicom_MR_small_implicit.dcm"));
        DicomFile big = parser.read(resource("pydicom_MR_small_bigendian.dcm"));
        assertEquals(TransferSyntax.IMPLICIT_VR_LE, implicit.transferSyntax());
        assertEquals(TransferSyntax.EXPLICIT_VR_BE, big.transferSyntax());
        for (int tag : new int[] {Tag.PatientName, Tag.SOPInstanceUID, Tag.SeriesInstanceUID, Tag.Modality}) {
            assertEquals(implicit.dataset().getString(tag), big.dataset().getString(tag), Dictionary.format(tag));
        }
        assertEquals(64, implicit.dataset().getInt(Tag.Rows, 0));
        assertArrayEquals(implicit.dataset().getDoubles(Tag.ImagePositionPatient),
                big.dataset().getDoubles(Tag.ImagePositionPatient));
        assertArrayEquals(decodeAll(resource("pydicom_MR_small_implicit.dcm")).get(0),
                decodeAll(resource("pydicom_MR_small_bigendian.dcm")).get(0));
    }

    @Test
    void deflatedDataSetIsInflatedAndParsed() throws Exception {
        DicomFile f = parser.read(resource("pydicom_image_dfl.dcm"));
        assertEquals(TransferSyntax.DEFLATED_EXPLICIT_VR_LE, f.transferSyntax());
        assertEquals(512, f.dataset().getInt(Tag.Rows, 0));
        assertEquals(512 * 512, f.dataset().get(Tag.PixelData).value().length);
    }

    @Test
    void encapsulatedPixelDataKeepsOffsetTableAndOneFragmentPerFrame() throws Exception {
        DicomFile f = parser.read(resource("pydicom_emri_small_RLE.dcm"));
        DicomElement px = f.dataset().get(Tag.PixelData);
        assertTrue(px.isEncapsulated());
        assertEquals(11, px.fragments().size(), "offset table + 10 frames");
        assertEquals(40, px.fragments().get(0).length, "10 offsets of 4 bytes");
    }

    @Test
    void sequencesOfUndefinedLengthWithUndefinedItemsAreRead() throws Exception {
        byte[] series = "1.2.3.4".getBytes(StandardCharsets.US_ASCII);
        Bytes b = Bytes.part10(TransferSyntax.EXPLICIT_VR_LE.uid())
                .explicit(Tag.PatientID, "LO", "ID01".getBytes(StandardCharsets.US_ASCII))
                .explicitHeader(Tag.ReferencedSeriesSequence, "SQ", 0xFFFFFFFFL)
                .tag(Tag.Item).u32(0xFFFFFFFFL)
                .explicit(Tag.SeriesInstanceUID, "UI", Arrays.copyOf(series, 8))
                .tag(Tag.ItemDelimitationItem).u32(0)
                .tag(Tag.Item).u32(0) // an empty item of defined length
                .tag(Tag.SequenceDelimitationItem).u32(0)
                .explicit(Tag.StudyID, "SH", "S1".getBytes(StandardCharsets.US_ASCII));
        DicomFile f = parser.parse(Path.of("seq.dcm"), b.toArray());
        List<DicomObject> items = f.dataset().getSequence(Tag.ReferencedSeriesSequence);
        assertEquals(2, items.size());
        assertEquals("1.2.3.4", items.get(0).getString(Tag.SeriesInstanceUID));
        assertEquals(0, items.get(1).size());
        assertEquals("S1", f.dataset().getString(Tag.StudyID), "parsing continues after the delimiter");
    }

    @Test
    void writerOutputWithDefinedLengthsReadsBackAndNeedsNoPreamble() throws Exception {
        DicomObject ds = DicomTestSupport.image(2, 2, 1, 16, true, "MONOCHROME2", 1, new byte[8]);
        ds.setSequence(Tag.ReferencedSeriesSequence, new DicomObject().setString(Tag.SeriesInstanceUID, "1.2.3"),
                new DicomObject().setSequence(Tag.ReferencedInstanceSequence,
                        new DicomObject().setString(Tag.ReferencedSOPInstanceUID, "9.8.7")));
        ds.setDouble(Tag.PixelSpacing, 0.5, 1.0 / 3);
        Path file = tmp.resolve("w.dcm");
        new DicomWriter().write(file, ds);
        byte[] all = Files.readAllBytes(file);
        for (byte[] variant : List.of(all, Arrays.copyOfRange(all, 132, all.length))) {
            DicomObject back = parser.parse(file, variant).dataset();
            assertEquals("9.8.7", back.getSequence(Tag.ReferencedSeriesSequence).get(1)
                    .getItem(Tag.ReferencedInstanceSequence).getString(Tag.ReferencedSOPInstanceUID));
            assertEquals(0.5, back.getDoubles(Tag.PixelSpacing)[0]);
            assertEquals(1.0 / 3, back.getDoubles(Tag.PixelSpacing)[1], 1e-9);
            assertTrue(back.getStrings(Tag.PixelSpacing)[1].length() <= 16, "DS values fit 16 characters");
            assertEquals(ds.getString(Tag.SOPInstanceUID), back.getString(Tag.SOPInstanceUID));
        }
        // A bare data set (no meta, no preamble) is recognised as Explicit VR Little Endian.
        DicomFile bare = parser.parse(file, new DicomWriter().encode(ds));
        assertEquals(TransferSyntax.EXPLICIT_VR_LE, bare.transferSyntax());
        assertEquals("Test^Patient", bare.dataset().getString(Tag.PatientName));
    }

    @Test
    void implicitVrTakesValueRepresentationsFromTheGeneratedDictionary() throws IOException {
        Dictionary d = Dictionary.standard();
        assertEquals(VR.PN, d.vr(Tag.PatientName));
        assertEquals(VR.SQ, d.vr(Tag.SegmentSequence));
        assertEquals(VR.US, d.vr(0x60020010), "overlay rows in a repeating group");
        assertEquals(VR.UN, d.vr(0x00091001), "private tags are UN");
        assertEquals("RecommendedDisplayCIELabValue", d.keyword(Tag.RecommendedDisplayCIELabValue));
        try (var in = Dictionary.class.getResourceAsStream("dictionary.tsv")) {
            String head = new String(in.readNBytes(200), StandardCharsets.US_ASCII);
            assertTrue(head.contains("Generated by tools/dicom/generate_dictionary.py from dicom.dic"), head);
        }
        assertNull(d.keyword(0x00091001));
    }

    @Test
    void headerOnlyReadStopsBeforePixelData() throws Exception {
        DicomFile f = parser.read(resource("pydicom_CT_small.dcm"), false);
        assertNull(f.dataset().get(Tag.PixelData));
        assertEquals(128, f.dataset().getInt(Tag.Columns, 0));
    }
}
