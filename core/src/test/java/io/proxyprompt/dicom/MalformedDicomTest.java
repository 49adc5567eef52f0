package io.proxyprompt.dicom;

import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MalformedDicomTest {

    private final DicomParser parser = new DicomParser();

    @TempDir
    Path tmp;

    private String failure(String name, byte[] bytes) throws Exception {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            DicomParseException e = assertThrows(DicomParseException.class, () -> {
                DicomFile f = parser.read(file);
                new io.proxyprompt.dicom.pixel.PixelDecoder().decode(f, 0);
            });
            assertTrue(e.getMessage().startsWith(name), "message names the file: " + e.getMessage());
            return e.getMessage();
        });
    }

    private static void assertMentions(String message, String... words) {
        for (String w : words) {
            assertTrue(message.contains(w), "'" + message + "' should mention '" + w + "'");
        }
    }

    @Test
    void truncatedFileSaysItIsTruncated() throws Exception {
        byte[] all = Files.readAllBytes(resource("pydicom_MR_small_implicit.dcm"));
        for (int cut : new int[] {140, 300, 1000, all.length - 100}) {
            String m = failure("cut" + cut + ".dcm", Arrays.copyOf(all, cut));
            assertTrue(m.contains("truncated"), m);
        }
    }

    @Test
    void lengthBeyondTheFileIsRefusedWithoutAllocatingIt() throws Exception {
        byte[] bytes = Bytes.part10(TransferSyntax.EXPLICIT_VR_LE.uid())
                .explicitHeader(Tag.PixelData, "OB", 0x7FFFFFF0L).raw(new byte[64]).toArray();
        String m = failure("huge.dcm", bytes);
        assertMentions(m, "(7FE0,0010)", "2147483632", "truncated");
    }

    @Test
    void wrongElementLengthInsideAnItemIsReported() throws Exception {
        byte[] bytes = Bytes.part10(TransferSyntax.EXPLICIT_VR_LE.uid())
                .explicitHeader(Tag.ReferencedSeriesSequence, "SQ", 20)
                .tag(Tag.Item).u32(12)
                .explicitHeader(Tag.SeriesInstanceUID, "UI", 40).ascii("1.2.3.4.")
                .toArray();
        String m = failure("wronglen.dcm", bytes);
        assertMentions(m, "(0020,000E)", "enclosing item", "at byte");
    }

    @Test
    void endlessNestingIsStoppedAtTheDepthLimit() throws Exception {
        Bytes b = Bytes.part10(TransferSyntax.EXPLICIT_VR_LE.uid());
        for (int i = 0; i < 10_000; i++) {
            b.explicitHeader(Tag.ReferencedSeriesSequence, "SQ", 0xFFFFFFFFL).tag(Tag.Item).u32(0xFFFFFFFFL);
        }
        String m = failure("nested.dcm", b.toArray());
        assertMentions(m, "nested deeper than " + DicomParser.MAX_DEPTH);
    }

    @Test
    void oddValueLengthIsRefused() throws Exception {
        byte[] bytes = Bytes.part10(TransferSyntax.EXPLICIT_VR_LE.uid())
                .explicit(Tag.PatientID, "LO", "ABC".getBytes(StandardCharsets.US_ASCII)).raw(new byte[5]).toArray();
        assertMentions(failure("odd.dcm", bytes), "odd length 3", "(0010,0020)");
    }

    @Test
    void invalidVrBytesAreNamed() throws Exception {
        byte[] bytes = Bytes.part10(TransferSyntax.EXPLICIT_VR_LE.uid())
                .tag(Tag.PatientID).raw(new byte[] {'l', 'o', 2, 0, 'A', 'B'}).toArray();
        assertMentions(failure("badvr.dcm", bytes), "invalid VR", "(0010,0020)");
    }

    @Test
    void nonDicomFilesAreRecognisedAsSuch() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertMentions(failure("photo.png", png), "not a DICOM file");
        assertMentions(failure("notes.txt", "hello, this is text and not an image at all ".repeat(10)
                .getBytes(StandardCharsets.US_ASCII)), "not a DICOM file");
        assertMentions(failure("empty.dcm", new byte[0]), "not a DICOM file");
    }

    @Test
    void corruptDeflateStreamIsReported() throws Exception {
        byte[] garbage = new byte[300];
        new java.util.Random(1).nextBytes(garbage);
        byte[] bytes = Bytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LE.uid()).raw(garbage).toArray();
        String m = failure("deflate.dcm", bytes);
        assertTrue(m.contains("deflate") || m.contains("truncated") || m.contains("invalid VR"), m);
    }

    @Test
    void pixelDataShorterThanTheHeaderPromisesIsReported() throws Exception {
        DicomObject ds = DicomTestSupport.image(64, 64, 1, 16, false, "MONOCHROME2", 1, new byte[100]);
        Path file = tmp.resolve("short.dcm");
        new DicomWriter().write(file, ds);
        String m = failure("short2.dcm", Files.readAllBytes(file));
        assertMentions(m, "pixel data holds 100 bytes", "8192");
    }

    @Test
    void theImageReaderTurnsParseErrorsIntoMessagesForTheUser() throws Exception {
        Path file = tmp.resolve("IDRiD_99.dcm");
        byte[] all = Files.readAllBytes(resource("pydicom_MR_small_implicit.dcm"));
        Files.write(file, Arrays.copyOf(all, all.length - 101));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> new DicomImageReader()
                .read(file, ProgressListener.NONE, CancellationToken.never()));
        assertMentions(e.getMessage(), "IDRiD_99.dcm", "truncated", "complete DICOM file");
    }

    @Test
    void unsupportedTransferSyntaxIsNamedNeverDecodedToGarbage() {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> new DicomImageReader()
                .read(resource("pydicom_MR_small_jpeg_ls_lossless.dcm"), ProgressListener.NONE,
                        CancellationToken.never()));
        assertMentions(e.getMessage(), "unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless)");
        ImageLoadException twelve = assertThrows(ImageLoadException.class, () -> new DicomImageReader()
                .read(resource("pydicom_JPEG-lossy.dcm"), ProgressListener.NONE, CancellationToken.never()));
        assertMentions(twelve.getMessage(), "12-bit JPEG");
    }
}
