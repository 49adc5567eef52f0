package io.proxyprompt.mask;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskFilesTest {

    @TempDir
    Path dir;

    @Test
    void pngRoundTripKeepsEveryPixel() throws IOException {
        Mask m = new Mask(77, 33);
        MaskTools.stroke(m, 3, 3, 70, 30, 3, true);
        Path f = dir.resolve("disc.png");
        MaskFiles.write(f, m, AtomicFiles.Existing.REPLACE);
        assertEquals(m, MaskFiles.read(f, 77, 33));
        byte[] head = Files.readAllBytes(f);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }

    @Test
    void aMaskOfAnotherSizeIsRefusedWithAMessageNamingTheFileAndTheFix() throws IOException {
        Path f = dir.resolve("cup.png");
        MaskFiles.write(f, new Mask(10, 10), AtomicFiles.Existing.REPLACE);
        IOException e = assertThrows(IOException.class, () -> MaskFiles.read(f, 20, 10));
        assertEquals("cup.png: the mask is 10x10 but the image is 20x10; load a mask made for this image or draw one",
                e.getMessage());
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedClearly() throws IOException {
        Path f = dir.resolve("notes.png");
        Files.writeString(f, "hello");
        IOException e = assertThrows(IOException.class, () -> MaskFiles.read(f));
        assertTrue(e.getMessage().startsWith("notes.png: not a readable image"), e.getMessage());
    }
}
