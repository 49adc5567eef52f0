package io.proxyprompt.ui.viewer;

import io.proxyprompt.mask.Mask;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.scene.paint.Color;
import javafx.scene.shape.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overlays as nodes: each object's fill covers exactly its box on the screen (so a new result repaints that
 * box, not the whole viewer), its outline is two screen pixels wide at any zoom and is not rebuilt while the mask is
 * unchanged, and hidden objects let go of their images.
 */
@ExtendWith(ApplicationExtension.class)
class OverlayNodesTest {

    private static final Color DISC = Color.rgb(40, 200, 90);
    private static final Color CUP = Color.rgb(220, 60, 200);

    private static List<ImageView> fills(OverlayNodes nodes) {
        return ((Group) nodes.nodes().get(0)).getChildren().stream().map(ImageView.class::cast).toList();
    }

    private static List<Path> outlines(OverlayNodes nodes) {
        return ((Group) nodes.nodes().get(1)).getChildren().stream().map(Path.class::cast).toList();
    }

    private static ViewTransform zoomed(double scale, double tx, double ty) {
        ViewTransform v = new ViewTransform();
        v.zoomAt(scale, 0, 0);
        v.panBy(tx, ty);
        return v;
    }

    @Test
    void eachFillCoversItsObjectsBoxOnTheScreen() {
        Mask disc = OverlayImagesTest.mask(400, 300, 100, 50, 160, 130);
        Mask cup = OverlayImagesTest.mask(400, 300, 120, 70, 140, 100);
        OverlayNodes nodes = new OverlayNodes(new OverlayImages());
        ViewTransform view = zoomed(2, 10, 20);

        nodes.update(List.of(new Layer("disc", "Optic disc", DISC, disc, true),
                new Layer("cup", "Optic cup", CUP, cup, true)), new ToolState(), view);

        List<ImageView> f = fills(nodes);
        assertEquals(2, f.size());
        Bounds d = f.get(0).getBoundsInParent();
        assertEquals(10 + 100 * 2, d.getMinX(), 1e-9);
        assertEquals(20 + 50 * 2, d.getMinY(), 1e-9);
        assertEquals(60 * 2, d.getWidth(), 1e-9);
        assertEquals(80 * 2, d.getHeight(), 1e-9);
        assertEquals(20 * 2, f.get(1).getBoundsInParent().getWidth(), 1e-9);
        assertFalse(f.get(0).isSmooth(), "mask pixels stay sharp when zoomed in");
    }

    @Test
    void outlinesAreTwoScreenPixelsWideAtAnyZoomAndRebuiltOnlyWhenTheMaskChanges() {
        Mask disc = OverlayImagesTest.mask(400, 300, 100, 50, 160, 130);
        OverlayImages images = new OverlayImages();
        OverlayNodes nodes = new OverlayNodes(images);
        List<Layer> shown = List.of(new Layer("disc", "Optic disc", DISC, disc, true));
        ToolState tools = new ToolState();

        nodes.update(shown, tools, zoomed(4, 0, 0));
        Path p = outlines(nodes).get(0);
        assertEquals(0.5, p.getStrokeWidth(), 1e-9);
        Bounds b = nodes.nodes().get(1).localToParent(p.getBoundsInParent());
        assertEquals(100 * 4, b.getMinX(), 4.0, "outline around the disc's box, in screen pixels");
        assertEquals(160 * 4, b.getMaxX(), 4.0);
        Object elements = List.copyOf(p.getElements());

        nodes.update(shown, tools, zoomed(0.5, 3, 3));
        assertEquals(4, p.getStrokeWidth(), 1e-9);
        assertEquals(elements, List.copyOf(p.getElements()), "a zoom moves the outline, it does not retrace it");

        disc.data()[10 * 400 + 10] = 1;
        images.refresh(disc, new io.proxyprompt.edit.PixelRect(10, 10, 1, 1));
        nodes.update(shown, tools, zoomed(0.5, 3, 3));
        assertTrue(p.getElements().size() > ((List<?>) elements).size(), "an edit retraces the outline");
    }

    @Test
    void hiddenStylesAndNoDocumentHideTheNodesAndLetGoOfTheirImages() {
        Mask disc = OverlayImagesTest.mask(400, 300, 100, 50, 160, 130);
        OverlayNodes nodes = new OverlayNodes(new OverlayImages());
        ToolState tools = new ToolState();
        List<Layer> shown = List.of(new Layer("disc", "Optic disc", DISC, disc, true));
        nodes.update(shown, tools, new ViewTransform());
        ImageView fill = fills(nodes).get(0);
        assertTrue(fill.isVisible());

        tools.setStyle("disc", LayerStyle.defaultFor("disc").withFill(false));
        nodes.update(shown, tools, new ViewTransform());
        assertFalse(fill.isVisible());
        assertNull(fill.getImage());
        assertTrue(outlines(nodes).get(0).isVisible(), "the outline stays when only the fill is off");

        tools.opacityProperty().set(0);
        nodes.update(shown, tools, new ViewTransform());
        assertFalse(outlines(nodes).get(0).isVisible(), "overlay opacity 0 hides the outlines too");

        tools.opacityProperty().set(1);
        tools.setStyle("disc", LayerStyle.defaultFor("disc"));
        nodes.update(shown, tools, new ViewTransform());
        assertSame(fill, fills(nodes).get(0), "nodes are reused");
        assertTrue(fill.isVisible());
        nodes.hide();
        for (Node n : List.<Node>of(fill, outlines(nodes).get(0))) {
            assertFalse(n.isVisible());
        }
    }
}
