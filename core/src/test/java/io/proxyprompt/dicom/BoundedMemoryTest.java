package io.proxyprompt.dicom;

import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.seg.SegReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounded-memory rule of {@link DicomParser}: no input makes the parser (or the SEG reader on top of it)
 * allocate more than {@link DicomParser#memoryBudget(long)} for its size. Allocation is measured per thread, so
 * the numbers are exact and do not depend on when the garbage collector runs; what is allocated in total is an
 * upper bound of what is held at the peak.
 */
class BoundedMemoryTest {

    @TempDir
    Path tmp;

    private final DicomParser parser = new DicomParser();

    /** Work that may fail with the parser's exception. */
    interface Parse {
        void run() throws DicomParseException;
    }

    /** Bytes the current thread allocated while {@code work} ran (it may throw DicomParseException). */
    static long allocated(Parse work) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        try {
            work.run();
        } catch (DicomParseException expectedOrNot) {
            // the callers assert the outcome separately
        }
        return bean.getCurrentThreadAllocatedBytes() - before;
    }

    private static void assertWithinBudget(long allocated, long inputBytes, String what) {
        long budget = DicomParser.memoryBudget(inputBytes);
        assertTrue(allocated <= budget, what + " allocated " + (allocated >> 20) + " MiB for " + inputBytes
                + " input bytes; the budget is " + (budget >> 20) + " MiB");
        System.out.printf("bounded memory: %s allocated %d MiB of a %d MiB budget (%d input bytes)%n", what,
                allocated >> 20, budget >> 20, inputBytes);
    }

    @Test
    void segWithTwoBillionFramesIsRefusedBeforeAnythingIsAllocatedPerFrame() throws Exception {
        for (String frames : new String[] {"2147483647", "1000000000"}) {
            Path file = DicomMutants.segWithNumberOfFrames(tmp, frames);
            SegReader reader = new SegReader();
            DicomParseException e = assertThrows(DicomParseException.class, () -> reader.read(file));
            assertTrue(e.getMessage().startsWith(file.getFileName() + ": ") && e.getMessage()
                    .contains("Number of Frames " + frames + " is implausible"), e.getMessage());
            assertWithinBudget(allocated(() -> reader.read(file)), Files.size(file), "SEG with " + frames + " frames");
        }
    }

    @Test
    void deflateBombIsRefusedWithoutInflatingBeyondTheBudget() {
        byte[] bomb = DicomMutants.deflateBomb(640);
        DicomParseException e = assertThrows(DicomParseException.class, () -> parser.parse(Path.of("bomb.dcm"), bomb));
        assertTrue(e.getMessage().contains("deflate bomb") && e.getMessage().contains("inflates to more than"),
                e.getMessage());
        assertWithinBudget(allocated(() -> parser.parse(Path.of("bomb.dcm"), bomb)), bomb.length,
                "640 MiB deflate bomb");
    }

    @Test
    void realDeflatedFileStillInflates() throws Exception {
        DicomFile f = parser.read(resource("pydicom_image_dfl.dcm"));
        new PixelDecoder().decode(f, 0);
        assertWithinBudget(allocated(() -> parser.read(resource("pydicom_image_dfl.dcm"))),
                Files.size(resource("pydicom_image_dfl.dcm")), "real deflated file");
    }

    @Test
    void threeMillionItemsAreRefusedWithinTheBudget() {
        byte[] items = DicomMutants.manyItems(3_000_000);
        DicomParseException e = assertThrows(DicomParseException.class, () -> parser.parse(Path.of("items.dcm"), items));
        assertTrue(e.getMessage().contains("too many elements or items for its size"), e.getMessage());
        assertWithinBudget(allocated(() -> parser.parse(Path.of("items.dcm"), items)), items.length,
                "3 million items");
    }

    @Test
    void itemsThatFitTheBudgetAreReadWithinIt() throws Exception {
        byte[] items = DicomMutants.manyItems(100_000);
        DicomFile f = parser.parse(Path.of("items.dcm"), items);
        assertTrue(f.dataset().getSequence(Tag.ReferencedSeriesSequence).size() == 100_000);
        assertWithinBudget(allocated(() -> parser.parse(Path.of("items.dcm"), items)), items.length,
                "100 000 items");
    }

    @Test
    void mutantsOfRealFilesStayWithinTheBudget() throws Exception {
        String[] seeds = {"pydicom_MR_small_implicit.dcm", "pydicom_MR_small_bigendian.dcm",
                "highdicom_seg_image_ct_binary.dcm", "pydicom_image_dfl.dcm", "pydicom_liver_rle.dcm"};
        Random random = new Random(20261130L);
        long worst = 0;
        for (int i = 0; i < 300; i++) {
            String seed = seeds[random.nextInt(seeds.length)];
            byte[] bytes = DicomMutants.mutate(Files.readAllBytes(resource(seed)), random);
            Path name = Path.of("m" + i + ".dcm");
            long used = allocated(() -> parser.parse(name, bytes));
            long budget = DicomParser.memoryBudget(bytes.length);
            assertTrue(used <= budget, "mutant " + i + " of " + seed + " allocated " + used + " > " + budget);
            worst = Math.max(worst, used);
        }
        System.out.printf("bounded memory: worst of 300 mutants allocated %d KiB%n", worst >> 10);
    }
}
