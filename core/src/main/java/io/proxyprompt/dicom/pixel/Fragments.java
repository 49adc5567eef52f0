package io.proxyprompt.dicom.pixel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Splits encapsulated pixel data (offset table + fragments) into the compressed bytes of each frame. */
final class Fragments {

    private Fragments() {
    }

    /** The compressed bytes of frame {@code index} of {@code frames}; {@code items} starts with the offset table. */
    static byte[] frame(List<byte[]> items, int index, int frames) throws PixelException {
        List<byte[]> fragments = items.subList(1, items.size());
        if (fragments.isEmpty()) {
            throw new PixelException("encapsulated pixel data holds no fragments");
        }
        if (frames == 1) {
            return fragments.size() == 1 ? fragments.get(0) : concat(fragments, 0, fragments.size());
        }
        if (fragments.size() == frames) {
            return fragments.get(index);
        }
        byte[] bot = items.get(0);
        if (bot.length / 4 != frames) {
            throw new PixelException("cannot tell which of the " + fragments.size() + " fragments belong to which of "
                    + frames + " frames (no usable basic offset table)");
        }
        ByteBuffer b = ByteBuffer.wrap(bot).order(ByteOrder.LITTLE_ENDIAN);
        long want = b.getInt(index * 4) & 0xFFFFFFFFL;
        long next = index + 1 < frames ? b.getInt(index * 4 + 4) & 0xFFFFFFFFL : Long.MAX_VALUE;
        long pos = 0;
        int first = -1;
        int last = fragments.size();
        for (int i = 0; i < fragments.size(); i++) {
            if (pos == want) {
                first = i;
            }
            if (pos == next) {
                last = i;
                break;
            }
            pos += 8 + fragments.get(i).length;
        }
        if (first < 0 || last <= first) {
            throw new PixelException("basic offset table entry " + want + " for frame " + (index + 1)
                    + " does not point at a fragment");
        }
        return concat(fragments, first, last);
    }

    private static byte[] concat(List<byte[]> fragments, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            out.writeBytes(fragments.get(i));
        }
        return out.toByteArray();
    }
}
