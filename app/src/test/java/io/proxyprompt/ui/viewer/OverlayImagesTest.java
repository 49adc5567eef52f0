package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.PixelRect;
import io.proxyprompt.mask.Mask;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The overlay of a mask: its pixels in the object's colour over the box around them, built once per mask, grown to
 * the whole image by an edit outside the box, forgotten when the mask is replaced.
 */
@ExtendWith(ApplicationExtension.class)
class OverlayImagesTest {

    private static final Color DISC = Color.rgb(40, 200, 90);

    /** A w x h mask whose inside is the box [x0, x1) x [y0, y1). */
    static Mask mask(int w, int h, int x0, int y0, int x1, int y1) {
        Mask m = new Mask(w, h);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m.data()[y * w + x] = 1;
            }
        }
        return m;
    }

    /** The overlay's colour at photograph pixel (x, y), 0 where the overlay does not reach. */
    private static int argb(OverlayImages.Placed p, int x, int y) {
        int ix = x - p.x();
        int iy = y - p.y();
        WritableImage img = p.image();
        return ix < 0 || iy < 0 || ix >= img.getWidth() || iy >= img.getHeight() ? 0
                : img.getPixelReader().getArgb(ix, iy);
    }

    /** Every pixel of the photograph: opaque in the colour where the mask is inside, transparent elsewhere. */
    private static void assertShowsExactly(Mask m, OverlayImages.Placed p) {
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                assertEquals(m.get(x, y) ? 0xFF28C85A : 0, argb(p, x, y), x + "," + y);
            }
        }
    }

    @Test
    void theMaskIsOpaqueInItsColourAndTransparentElsewhere() {
        Mask m = mask(20, 10, 5, 2, 9, 6);
        m.data()[9 * 20 + 12] = 1;
        OverlayImages.Placed p = new OverlayImages().image(m, DISC);

        assertEquals(5, p.x());
        assertEquals(2, p.y());
        assertEquals(8, (int) p.image().getWidth(), "the box around the inside pixels, not the photograph");
        assertEquals(8, (int) p.image().getHeight());
        assertShowsExactly(m, p);
    }

    @Test
    void anEditInsideTheBoxIsRedrawnInTheSameImageAndOneOutsideGrowsItToTheImage() {
        Mask m = mask(20, 10, 2, 2, 10, 8);
        OverlayImages overlays = new OverlayImages();
        OverlayImages.Placed before = overlays.image(m, DISC);
        m.data()[3 * 20 + 3] = 0;
        overlays.refresh(m, new PixelRect(3, 3, 1, 1));
        assertSame(before, overlays.image(m, DISC), "an edit inside the box keeps the image");
        assertEquals(0, argb(before, 3, 3));

        m.data()[9 * 20 + 17] = 1;
        overlays.refresh(m, new PixelRect(17, 9, 1, 1));
        OverlayImages.Placed after = overlays.image(m, DISC);
        assertEquals(20, (int) after.image().getWidth());
        assertEquals(10, (int) after.image().getHeight());
        assertShowsExactly(m, after);
    }

    @Test
    void anEmptyMaskGetsAOnePixelImageUntilItIsPaintedOn() {
        Mask m = new Mask(30, 20);
        OverlayImages overlays = new OverlayImages();
        assertEquals(1, (int) overlays.image(m, DISC).image().getWidth());
        m.data()[5 * 30 + 25] = 1;
        overlays.refresh(m, new PixelRect(25, 5, 1, 1));
        assertEquals(0xFF28C85A, argb(overlays.image(m, DISC), 25, 5));
    }

    @Test
    void aMaskIsBuiltOnceAndForgottenOnceReplaced() {
        OverlayImages overlays = new OverlayImages();
        Mask old = mask(20, 10, 1, 1, 4, 4);
        Mask replacement = mask(20, 10, 10, 1, 14, 4);
        OverlayImages.Placed first = overlays.image(old, DISC);
        assertSame(first, overlays.image(old, DISC), "asked again, the same image");
        OverlayImages.Placed second = overlays.image(replacement, DISC);

        overlays.retainOnly(List.of(replacement));

        assertSame(second, overlays.image(replacement, DISC), "the current mask's overlay is kept");
        assertNotSame(first, overlays.image(old, DISC), "the replaced mask's overlay was forgotten");
    }
}
