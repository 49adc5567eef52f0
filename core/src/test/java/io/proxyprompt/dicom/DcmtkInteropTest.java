package io.proxyprompt.dicom;

import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static io.proxyprompt.dicom.DicomTestSupport.decodeAll;
import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static io.proxyprompt.dicom.DicomTestSupport.run;
import static io.proxyprompt.dicom.DicomTestSupport.runOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files made by dcmtk from our images (img2dcm, dcmconv +ti/+tb/+td, dcmcrle, dcmcjpeg, dcmcjpls) decode to the
 * pixels dcmtk itself decodes: exactly for lossless syntaxes, within a small tolerance for lossy JPEG.
 */
class DcmtkInteropTest {

    private static final int W = 96;
    private static final int H = 64;

    @TempDir
    Path tmp;

    @BeforeEach
    void tools() {
        ExternalTools.assumeOnPath("img2dcm", "dcmconv", "dcmcrle", "dcmcjpeg", "dcmdjpeg", "dcmcjpls");
    }

    private Path fundusBmp() throws Exception {
        byte[] rgb = DicomTestSupport.fundusRgb(W, H);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < W * H; i++) {
            img.setRGB(i % W, i / W, (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | rgb[3 * i + 2] & 0xFF);
        }
        Path bmp = tmp.resolve("fundus.bmp");
        assertTrue(ImageIO.write(img, "bmp", bmp.toFile()));
        return bmp;
    }

    private Path signedCt() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(W * H * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                b.putShort((short) (-1024 + ((x * 37 + y * 11) % 300) + (x > 40 && x < 60 ? 1500 : 0)));
            }
        }
        DicomObject ds = DicomTestSupport.image(H, W, 1, 16, true, "MONOCHROME2", 1, b.array());
        ds.setString(Tag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        ds.setDouble(Tag.RescaleSlope, 1);
        ds.setDouble(Tag.RescaleIntercept, 0);
        Path file = tmp.resolve("ct16.dcm");
        new DicomWriter().write(file, ds);
        return file;
    }

    private Path tool(Path in, String out, String... command) {
        Path target = tmp.resolve(out);
        String[] cmd = new String[command.length + 2];
        System.arraycopy(command, 0, cmd, 0, command.length);
        cmd[command.length] = in.toString();
        cmd[command.length + 1] = target.toString();
        runOk(cmd);
        return target;
    }

    @Test
    void losslessSyntaxesMadeByDcmtkDecodeExactly() throws Exception {
        Path rgb = tool(fundusBmp(), "rgb.dcm", "img2dcm", "-i", "BMP");
        int[] expectedRgb = new int[W * H * 3];
        byte[] src = DicomTestSupport.fundusRgb(W, H);
        for (int i = 0; i < src.length; i++) {
            expectedRgb[i] = src[i] & 0xFF;
        }
        assertArrayEquals(expectedRgb, decodeAll(rgb).get(0), "img2dcm BMP -> native RGB");
        Path ct = signedCt();
        int[] expectedCt = decodeAll(ct).get(0);
        assertEquals(-1024, java.util.Arrays.stream(expectedCt).min().orElseThrow());
        for (Path source : List.of(rgb, ct)) {
            int[] expected = source == rgb ? expectedRgb : expectedCt;
            String stem = source == rgb ? "rgb" : "ct";
            for (String[] variant : List.of(new String[] {"dcmconv", "+ti"}, new String[] {"dcmconv", "+tb"},
                    new String[] {"dcmconv", "+td"}, new String[] {"dcmconv", "+ti", "-F"},
                    new String[] {"dcmcrle"}, new String[] {"dcmcjpeg", "+e1"}, new String[] {"dcmcjpeg", "+el"})) {
                Path out = tool(source, stem + "_" + String.join("", variant).replace("+", "_") + ".dcm", variant);
                assertArrayEquals(expected, decodeAll(out).get(0), String.join(" ", variant) + " on " + stem);
            }
        }
    }

    @Test
    void jpegBaselineMatchesDcmtksDecodeWithinTolerance() throws Exception {
        Path rgb = tool(fundusBmp(), "rgb.dcm", "img2dcm", "-i", "BMP");
        Path baseline = tool(rgb, "baseline.dcm", "dcmcjpeg", "+eb");
        compareLossy(baseline, tool(baseline, "baseline_dcmtk.dcm", "dcmdjpeg"));

        // img2dcm wraps a JPEG file as JPEG Baseline without re-encoding.
        BufferedImage img = ImageIO.read(fundusBmp().toFile());
        Path jpg = tmp.resolve("fundus.jpg");
        assertTrue(ImageIO.write(img, "jpg", jpg.toFile()));
        Path wrapped = tool(jpg, "wrapped.dcm", "img2dcm");
        assertEquals(TransferSyntax.JPEG_BASELINE, new DicomParser().read(wrapped).transferSyntax());
        compareLossy(wrapped, tool(wrapped, "wrapped_dcmtk.dcm", "dcmdjpeg"));

        // A real multi-frame YBR_FULL_422 ultrasound (30 frames).
        Path us = resource("pydicom_examples_ybr_color.dcm");
        compareLossy(us, tool(us, "us_dcmtk.dcm", "dcmdjpeg"));
    }

    private static void compareLossy(Path ours, Path dcmtkDecoded) throws Exception {
        List<int[]> a = decodeAll(ours);
        List<int[]> b = decodeAll(dcmtkDecoded);
        assertEquals(b.size(), a.size());
        for (int f = 0; f < a.size(); f++) {
            assertEquals(b.get(f).length, a.get(f).length);
            long sum = 0;
            int max = 0;
            for (int i = 0; i < a.get(f).length; i++) {
                int d = Math.abs(a.get(f)[i] - b.get(f)[i]);
                sum += d;
                max = Math.max(max, d);
            }
            double mean = (double) sum / a.get(f).length;
            if (f == 0) {
                System.out.printf("JPEG vs dcmdjpeg %s: mean |diff| %.3f, max %d%n", ours.getFileName(), mean, max);
            }
            assertTrue(mean < 1.0 && max <= 8, ours.getFileName() + " frame " + f + ": mean |diff| " + mean
                    + ", max " + max + " against dcmdjpeg");
        }
    }

    @Test
    void jpegLsMadeByDcmtkIsRefusedByName() throws Exception {
        Path ls = tool(signedCt(), "ls.dcm", "dcmcjpls");
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> new DicomImageReader().read(ls,
                ProgressListener.NONE, CancellationToken.never()));
        assertTrue(e.getMessage().contains("ls.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS"
                + " Lossless)"), e.getMessage());
    }

    @Test
    void pydicomReadsTheSamePixelsFromDcmtksBigEndianCopy() throws Exception {
        ExternalTools.assumePythonModules("pydicom", "numpy");
        Path be = tool(signedCt(), "be.dcm", "dcmconv", "+tb");
        String out = runOk(ExternalTools.PYTHON, "-c", "import pydicom,sys; a=pydicom.dcmread(sys.argv[1]).pixel_array;"
                + " print(int(a.astype('int64').sum()), int(a.min()), int(a.max()), a.shape[0], a.shape[1])", be.toString());
        int[] ours = decodeAll(be).get(0);
        long sum = 0;
        for (int v : ours) {
            sum += v;
        }
        String expected = sum + " " + java.util.Arrays.stream(ours).min().orElseThrow() + " "
                + java.util.Arrays.stream(ours).max().orElseThrow() + " " + H + " " + W;
        assertEquals(expected, out.strip());
        assertEquals(0, run("dcmdump", be.toString()).exit());
    }
}
