package io.proxyprompt.dicom;

import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.progress.CancelledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutation fuzzing: corrupt real files in many small ways and check that parsing and decoding only ever
 * fail with {@link DicomParseException} (never another exception, a hang or an out-of-memory).
 */
class DicomFuzzTest {

    private static final long SEED = 20261125L;
    private static final int MUTATIONS = Integer.getInteger("proxyprompt.fuzz.mutations", 1200);
    private static final String[] SEEDS = {"pydicom_MR_small_implicit.dcm", "pydicom_MR_small_bigendian.dcm",
            "pydicom_MR_small_RLE.dcm", "pydicom_SC_rgb_rle_2frame.dcm", "highdicom_seg_image_ct_binary.dcm",
            "pydicom_image_dfl.dcm", "pydicom_SC_rgb_jpeg_dcmtk.dcm", "pydicom_MR_small_jp2klossless.dcm",
            "pydicom_SC_rgb_jpeg_gdcm.dcm", "pydicom_liver_rle.dcm"};

    @TempDir
    Path tmp;

    @Test
    void mutatedFilesOnlyEverFailWithDicomParseException() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String s : SEEDS) {
            seeds.add(Files.readAllBytes(resource(s)));
        }
        DicomParser parser = new DicomParser();
        PixelDecoder decoder = new PixelDecoder();
        SegReader segReader = new SegReader(parser, decoder);
        Random random = new Random(SEED);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(Math.max(60, MUTATIONS / 20)), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                int which = random.nextInt(seeds.size());
                byte[] bytes = DicomMutants.mutate(seeds.get(which), random);
                Path name = Path.of("fuzz" + i + "_" + SEEDS[which]);
                try {
                    DicomFile f = parser.parse(name, bytes);
                    int frames = Math.min(2, decoder.frameCount(f));
                    for (int k = 0; k < frames; k++) {
                        decoder.decode(f, k);
                    }
                    if (SEEDS[which].contains("seg")) {
                        Path file = tmp.resolve(name);
                        Files.write(file, bytes);
                        segReader.read(file);
                    }
                    outcomes[0]++;
                } catch (DicomParseException expected) {
                    assertTrue(expected.getMessage().startsWith(name.toString()), expected.getMessage());
                    outcomes[1]++;
                } catch (CancelledException | Error e) {
                    throw e;
                } catch (Exception e) {
                    fail("mutation " + i + " of " + SEEDS[which] + " escaped as " + e, e);
                }
            }
        });
        assertTrue(outcomes[1] > MUTATIONS / 10, "the mutations exercised the error paths: " + outcomes[1]);
        assertTrue(outcomes[0] > 0, "some mutations still decode: " + outcomes[0]);
    }
}
