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
                byte[] bytes = mutate(seeds.get(which), random);
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

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int kind = r.nextInt(6);
        int at = 128 + r.nextInt(Math.max(1, b.length - 132));
        switch (kind) {
            case 0 -> { // flip a few bytes
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    b[128 + r.nextInt(b.length - 128)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // a lying 32-bit length
                long[] lies = {0xFFFFFFFFL, 0x7FFFFFFFL, 0xFFFFFFF0L, 1, 3, b.length, r.nextInt(1 << 20)};
                long v = lies[r.nextInt(lies.length)];
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) (v >>> (8 * k));
                }
            }
            case 2 -> { // a lying 16-bit length or value
                int v = r.nextInt(65536);
                b[at] = (byte) v;
                if (at + 1 < b.length) {
                    b[at + 1] = (byte) (v >>> 8);
                }
            }
            case 3 -> b = java.util.Arrays.copyOf(b, 132 + r.nextInt(b.length - 132)); // truncate
            case 4 -> { // duplicate a chunk
                int len = Math.min(b.length - at, 1 + r.nextInt(64));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            default -> { // overwrite with random bytes
                for (int k = 0; k < 1 + r.nextInt(32) && at + k < b.length; k++) {
                    b[at + k] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }
}
