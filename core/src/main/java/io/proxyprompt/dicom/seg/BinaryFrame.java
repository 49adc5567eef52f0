package io.proxyprompt.dicom.seg;

/**
 * One frame of one segment as a SEG stores it: {@code width × height} bytes in row order, 0 outside and any other
 * value inside. The array is shared, not copied; the DICOM layer keeps its own type so it depends on nothing above.
 */
public record BinaryFrame(int width, int height, byte[] pixels) {

    public BinaryFrame {
        if (width <= 0 || height <= 0 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException("A " + width + "x" + height + " frame cannot hold " + pixels.length
                    + " pixels");
        }
    }

    /** Whether no pixel is inside. */
    public boolean isEmpty() {
        for (byte b : pixels) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean sameSize(int w, int h) {
        return width == w && height == h;
    }
}
