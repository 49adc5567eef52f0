package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.PixelRect;
import io.proxyprompt.mask.Mask;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The overlay of a mask: its pixels in the object's colour, built once per mask, forgotten when it is replaced. */
@ExtendWith(ApplicationExtension.class)
class OverlayImagesTest {

    private static final Color DISC = Color.rgb(40, 200, 90);

    private static Mask mask(int w, int h, int x0, int y0, int x1, int y1) {
        Mask m = new Mask(w, h);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m.data()[y * w + x] = 1;
            }
        }
        return m;
    }

    @Test
    void theMaskIsOpaqueInItsColourAndTransparentElsewhere() {
        Mask m = mask(20, 10, 5, 2, 9, 6);
        PixelReader px = new OverlayImages().image(m, DISC).getPixelReader();

        assertEquals(0xFF28C85A, px.getArgb(5, 2));
        assertEquals(0xFF28C85A, px.getArgb(8, 5));
        assertEquals(0, px.getArgb(9, 5));
        assertEquals(0, px.getArgb(4, 2));
        assertEquals(0, px.getArgb(19, 9));
    }

    @Test
    void anEditedRegionIsRedrawnInTheSameImage() {
        Mask m = mask(20, 10, 0, 0, 0, 0);
        OverlayImages overlays = new OverlayImages();
        WritableImage before = overlays.image(m, DISC);
        m.data()[3 * 20 + 7] = 1;
        overlays.refresh(m, new PixelRect(7, 3, 1, 1));

        assertSame(before, overlays.image(m, DISC));
        assertEquals(0xFF28C85A, before.getPixelReader().getArgb(7, 3));
    }

    @Test
    void aMaskIsBuiltOnceAndForgottenOnceReplaced() {
        OverlayImages overlays = new OverlayImages();
        Mask old = mask(20, 10, 1, 1, 4, 4);
        Mask replacement = mask(20, 10, 10, 1, 14, 4);
        WritableImage first = overlays.image(old, DISC);
        assertSame(first, overlays.image(old, DISC), "asked again, the same image");
        WritableImage second = overlays.image(replacement, DISC);

        overlays.retainOnly(List.of(replacement));

        assertSame(second, overlays.image(replacement, DISC), "the current mask's overlay is kept");
        assertNotSame(first, overlays.image(old, DISC), "the replaced mask's overlay was forgotten");
    }
}
