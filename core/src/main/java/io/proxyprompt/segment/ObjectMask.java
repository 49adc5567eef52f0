package io.proxyprompt.segment;

import io.proxyprompt.mask.Mask;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named object drawn or loaded on a support image (e.g. "disc" from {@code IDRiD_01_disc.png}).
 *
 * @param name   lower-case object name
 * @param mask   0/255 mask, the support image's size
 * @param source where the mask came from, for messages (a file name, or "drawn")
 */
public record ObjectMask(String name, Mask mask, String source) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    public ObjectMask {
        Objects.requireNonNull(mask, "mask");
        name = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSupportException("object name '" + name + "' must be a lower-case word such as disc,"
                    + " cup or vessel");
        }
        source = source == null ? "drawn" : source;
    }

    public ObjectMask(String name, Mask mask) {
        this(name, mask, "drawn");
    }
}
