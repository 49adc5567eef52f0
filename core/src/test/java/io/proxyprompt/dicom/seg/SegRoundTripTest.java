package io.proxyprompt.dicom.seg;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomTestSupport;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.PhotoWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.export.SegFrames;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.proxyprompt.testing.TestMasks.disc;
import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static io.proxyprompt.dicom.DicomTestSupport.runOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegRoundTripTest {

    private static final int W = 67; // odd width: frames are not byte aligned in the packed bit stream
    private static final int H = 45;

    @TempDir
    Path tmp;

    private final DicomWriter writer = new DicomWriter();
    private final SegWriter segWriter = new SegWriter(writer);

    private static SegmentInfo info(int n, String object, SegmentInfo.AlgorithmType type) {
        var c = SegmentCodes.forObject(object);
        return new SegmentInfo(n, object, c.description(), c.category(), c.type(), type, "proxyprompt-small 0.1",
                c.rgb());
    }

    private static Mask noise(int w, int h, long seed) {
        Random r = new Random(seed);
        Mask m = new Mask(w, h);
        for (int i = 0; i < w * h; i++) {
            if (r.nextInt(5) == 0) {
                m.data()[i] = Mask.INSIDE;
            }
        }
        return m;
    }

    private DicomObject photo() throws Exception {
        return new PhotoWriter(writer).write(tmp.resolve("fundus.dcm"), W, H, DicomTestSupport.fundusRgb(W, H),
                new PhotoWriter.Subject("Doe^Jane", "P42", "Fundus photography", "R"));
    }

    @Test
    void photographSegRestoresExactMasksAndMapsThemToTheSource() throws Exception {
        DicomObject source = photo();
        Mask disc = disc(W, H, 47, 22, 6);
        Mask cup = disc(W, H, 47, 22, 3);
        Mask vessel = noise(W, H, 7);
        Path file = tmp.resolve("seg.dcm");
        segWriter.write(file, List.of(new SegSource(source, 0)), List.of(
                new SegmentMasks(info(1, "disc", SegmentInfo.AlgorithmType.AUTOMATIC), frames(List.of(disc))),
                new SegmentMasks(info(2, "cup", SegmentInfo.AlgorithmType.SEMIAUTOMATIC), frames(List.of(cup))),
                new SegmentMasks(info(3, "vessel", SegmentInfo.AlgorithmType.AUTOMATIC), frames(List.of(vessel)))),
                SegOptions.defaults("0.1.0"));

        SegDocument doc = new SegReader().read(file);
        assertEquals(3, doc.segments().size());
        assertEquals(3, doc.frames().size());
        String uid = source.getString(Tag.SOPInstanceUID);
        assertEquals(disc, SegFrames.toMask(doc.mask(1, uid, 0).orElseThrow()));
        assertEquals(cup, SegFrames.toMask(doc.mask(2, uid, 0).orElseThrow()));
        assertEquals(vessel, SegFrames.toMask(doc.mask(3, uid, 0).orElseThrow()));
        SegmentInfo cupInfo = doc.segment(2).orElseThrow();
        assertEquals("cup", cupInfo.label());
        assertEquals(SegmentInfo.AlgorithmType.SEMIAUTOMATIC, cupInfo.algorithmType());
        assertEquals("proxyprompt-small 0.1", cupInfo.algorithmName());
        assertEquals(SegmentCodes.OPTIC_DISC, doc.segment(1).orElseThrow().type());
        assertEquals(SegmentCodes.ANATOMICAL_STRUCTURE, doc.segment(1).orElseThrow().category());
        assertEquals(source.getString(Tag.StudyInstanceUID), doc.studyInstanceUid());
        DicomObject seg = new DicomParser().read(file).dataset();
        assertEquals("Doe^Jane", seg.getString(Tag.PatientName));
        assertEquals("P42", seg.getString(Tag.PatientID));
        assertFalse(source.getString(Tag.SeriesInstanceUID).equals(seg.getString(Tag.SeriesInstanceUID)), "new series");
        assertFalse(seg.contains(Tag.FrameOfReferenceUID), "photographs have no frame of reference");
        assertEquals(3, seg.getSequence(Tag.SegmentSequence).get(0).getInts(Tag.RecommendedDisplayCIELabValue).length);

        validate(file, 3, new long[] {disc.area(), cup.area(), vessel.area()});
    }

    @Test
    void ctSeriesSegHasGeometryAndOnlyTheFramesThatContainEachSegment() throws Exception {
        DicomParser parser = new DicomParser();
        List<SegSource> sources = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(resource("series_ct/17106.dcm").getParent())) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            sources.add(new SegSource(parser.read(f, false).dataset(), 0));
        }
        List<Mask> liver = new ArrayList<>();
        List<Mask> lesion = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            liver.add(noise(16, 16, i));
            lesion.add(i == 1 ? disc(16, 16, 8, 8, 3) : new Mask(16, 16));
        }
        Path file = tmp.resolve("ct_seg.dcm");
        segWriter.write(file, sources, List.of(
                new SegmentMasks(info(1, "liver", SegmentInfo.AlgorithmType.AUTOMATIC), frames(liver)),
                new SegmentMasks(info(2, "lesion", SegmentInfo.AlgorithmType.MANUAL), frames(lesion))),
                SegOptions.defaults("0.1.0"));
        DicomObject seg = parser.read(file).dataset();
        assertEquals(sources.size() + 1, seg.getInt(Tag.NumberOfFrames, 0), "empty lesion frames are left out");
        assertEquals(sources.get(0).header().getString(Tag.FrameOfReferenceUID), seg.getString(Tag.FrameOfReferenceUID));
        DicomObject frame0 = seg.getSequence(Tag.PerFrameFunctionalGroupsSequence).get(0);
        assertEquals(3, frame0.getItem(Tag.PlanePositionSequence).getDoubles(Tag.ImagePositionPatient).length);
        assertEquals(6, seg.getItem(Tag.SharedFunctionalGroupsSequence).getItem(Tag.PlaneOrientationSequence)
                .getDoubles(Tag.ImageOrientationPatient).length);
        assertEquals(2, seg.getSequence(Tag.DimensionIndexSequence).size());

        SegDocument doc = new SegReader().read(file);
        for (int i = 0; i < sources.size(); i++) {
            String uid = sources.get(i).sopInstanceUid();
            assertEquals(liver.get(i), SegFrames.toMask(doc.mask(1, uid, 0).orElseThrow()), "liver on slice " + i);
            assertEquals(i == 1, doc.mask(2, uid, 0).isPresent(), "lesion only where drawn");
        }
        assertEquals(lesion.get(1), SegFrames.toMask(doc.mask(2, sources.get(1).sopInstanceUid(), 0).orElseThrow()));
        long[] areas = new long[sources.size() + 1];
        int k = 0;
        for (DicomObject pf : seg.getSequence(Tag.PerFrameFunctionalGroupsSequence)) {
            String uid = pf.getItem(Tag.DerivationImageSequence).getItem(Tag.SourceImageSequence)
                    .getString(Tag.ReferencedSOPInstanceUID);
            int segNo = pf.getItem(Tag.SegmentIdentificationSequence).getInt(Tag.ReferencedSegmentNumber, 0);
            int idx = sources.stream().map(SegSource::sopInstanceUid).toList().indexOf(uid);
            areas[k++] = (segNo == 1 ? liver : lesion).get(idx).area();
        }
        validate(file, sources.size() + 1, areas);
    }

    @Test
    void multiFrameSourcesAreReferencedByFrameNumber() throws Exception {
        DicomObject mr = new DicomParser().read(resource("pydicom_emri_small.dcm"), false).dataset();
        List<SegSource> sources = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sources.add(new SegSource(mr, i));
            masks.add(i % 3 == 0 ? disc(64, 64, 20 + i, 30, 5) : null);
        }
        Path file = tmp.resolve("mr_seg.dcm");
        segWriter.write(file, sources, List.of(new SegmentMasks(info(1, "disc", SegmentInfo.AlgorithmType.AUTOMATIC),
                frames(masks))), SegOptions.defaults("0.1.0"));
        SegDocument doc = new SegReader().read(file);
        assertEquals(4, doc.frames().size());
        for (int i = 0; i < 10; i += 3) {
            assertEquals(masks.get(i), SegFrames.toMask(doc.mask(1, mr.getString(Tag.SOPInstanceUID), i).orElseThrow()), "frame " + i);
        }
        validate(file, 4, null);
    }

    @Test
    void readsSegsWrittenByOtherTools() throws Exception {
        SegDocument overlap = new SegReader().read(resource("highdicom_seg_image_ct_binary_overlap.dcm"));
        assertEquals(2, overlap.segments().size());
        assertTrue(overlap.frames().stream().allMatch(f -> f.sourceSopInstanceUid() != null));
        SegDocument liver = new SegReader().read(resource("pydicom_liver_rle.dcm"));
        assertEquals(3, liver.frames().size());
        assertTrue(!liver.frames().get(1).mask().isEmpty());
    }

    @Test
    void inconsistentInputsAreRefusedWithAClearMessage() throws Exception {
        DicomObject source = photo();
        SegSource src = new SegSource(source, 0);
        var wrongSize = new SegmentMasks(info(1, "disc", SegmentInfo.AlgorithmType.AUTOMATIC), frames(List.of(new Mask(3, 3))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> segWriter.build(List.of(src), List.of(wrongSize), SegOptions.defaults("0")));
        assertTrue(e.getMessage().contains("3x3") && e.getMessage().contains(W + "x" + H), e.getMessage());
        var empty = new SegmentMasks(info(1, "disc", SegmentInfo.AlgorithmType.AUTOMATIC), frames(List.of(new Mask(W, H))));
        e = assertThrows(IllegalArgumentException.class,
                () -> segWriter.build(List.of(src), List.of(empty), SegOptions.defaults("0")));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void emptySpecificCharacterSetIsLeftOutAndTheWholePatientModuleIsCopied() throws Exception {
        DicomObject source = photo();
        source.setString(Tag.SpecificCharacterSet);
        source.setString(Tag.PatientBirthTime, "101500");
        source.setString(Tag.PatientComments, "Glaucoma suspect, both eyes");
        source.setString(Tag.EthnicGroup, "EG1");
        source.setString(Tag.IssuerOfPatientID, "CLINIC");
        source.setString(Tag.AdditionalPatientHistory, "Myopia since childhood");
        source.setDouble(Tag.PatientWeight, 61.5);
        source.setString(Tag.StudyDescription, "Annual screening");
        source.setString(Tag.PhysiciansOfRecord, "Who^Doctor");
        Path sourceFile = tmp.resolve("fundus.dcm");
        writer.write(sourceFile, source);
        Path file = tmp.resolve("seg.dcm");
        segWriter.write(file, List.of(new SegSource(source, 0)), List.of(new SegmentMasks(
                info(1, "disc", SegmentInfo.AlgorithmType.AUTOMATIC), frames(List.of(disc(W, H, 40, 20, 6))))),
                SegOptions.defaults("0.1.0"));

        DicomObject seg = new DicomParser().read(file).dataset();
        assertFalse(seg.contains(Tag.SpecificCharacterSet), "an empty Type 1C value is left out, not copied");
        for (int tag : new int[] {Tag.PatientBirthTime, Tag.PatientComments, Tag.EthnicGroup, Tag.IssuerOfPatientID,
                Tag.AdditionalPatientHistory, Tag.PatientWeight, Tag.StudyDescription,
                Tag.PhysiciansOfRecord}) {
            assertEquals(source.getString(tag), seg.getString(tag), io.proxyprompt.dicom.Dictionary.format(tag));
        }
        validate(file, 1, null);
        ExternalTools.assumeOnPath("dcentvfy");
        String entities = DicomTestSupport.run("dcentvfy", sourceFile.toString(), file.toString()).output();
        List<String> patientOrStudy = entities.lines()
                .filter(l -> l.contains("IE=<Patient>") || l.contains("IE=<Study>")).toList();
        assertTrue(patientOrStudy.isEmpty(), "dcentvfy: the SEG disagrees with its source:\n" + entities);
    }

    @Test
    void nonEmptySpecificCharacterSetIsKeptSoTheCopiedNamesReadTheSame() throws Exception {
        DicomObject source = photo();
        source.setString(Tag.SpecificCharacterSet, "ISO_IR 100");
        source.setBytes(Tag.PatientName, io.proxyprompt.dicom.VR.PN,
                "M\u00fcller^J\u00fcrgen".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        DicomObject seg = segWriter.build(List.of(new SegSource(source, 0)), List.of(new SegmentMasks(
                info(1, "disc", SegmentInfo.AlgorithmType.AUTOMATIC), frames(List.of(disc(W, H, 40, 20, 6))))),
                SegOptions.defaults("0.1.0"));
        assertEquals("ISO_IR 100", seg.getString(Tag.SpecificCharacterSet));
        assertArrayEquals(source.get(Tag.PatientName).value(), seg.get(Tag.PatientName).value());
    }

    private static List<BinaryFrame> frames(List<Mask> masks) {
        return masks.stream().map(SegFrames::toFrame).toList();
    }

    /** dciodvfy finds no errors, dcmdump reads it, pydicom decodes the same number of frames and inside pixels. */
    private void validate(Path file, int frames, long[] areas) {
        ExternalTools.assumeOnPath("dciodvfy", "dcmdump");
        String report = DicomTestSupport.run("dciodvfy", file.toString()).output();
        List<String> errors = report.lines().filter(l -> l.startsWith("Error")).toList();
        assertTrue(errors.isEmpty(), "dciodvfy errors:\n" + report);
        report.lines().filter(l -> l.startsWith("Warning")).forEach(w -> System.out.println("dciodvfy: " + w));
        String dump = runOk("dcmdump", "+P", "0062,0005", file.toString());
        assertTrue(dump.contains("SegmentLabel"), dump);
        ExternalTools.assumePythonModules("pydicom", "numpy");
        String out = runOk(ExternalTools.PYTHON, "-c", "import pydicom,sys; d=pydicom.dcmread(sys.argv[1]);"
                + " a=d.pixel_array.reshape((-1,d.Rows,d.Columns)); print(a.shape[0], ' '.join(str(int(f.sum())) for f in a))",
                file.toString());
        String[] parts = out.strip().split(" ");
        assertEquals(frames, Integer.parseInt(parts[0]), out);
        if (areas != null) {
            long[] got = Arrays.stream(parts).skip(1).mapToLong(Long::parseLong).toArray();
            assertArrayEquals(areas, got, "pydicom sees the same inside pixels per frame");
        }
    }
}
