package io.proxyprompt.session;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An object the support set segments: a lower-case name (the mask file name and CSV column) and a display colour.
 *
 * @param colour {@code #RRGGBB}
 */
public record ObjectSpec(String name, String colour) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    // A fundus photograph is orange to yellow (hue 15-50 degrees), its optic disc the palest, yellowest part and its
    // vessels dark red. Overlays therefore take hues far from those: the disc cyan (opposite the disc's yellow), the
    // cup magenta (unlike the disc's cyan and the background's orange), the vessels green (opposite their red).
    // A yellow disc overlay on a yellow disc was invisible at 45 % (issue 16). Colours the user chose are kept.
    public static final ObjectSpec DISC = new ObjectSpec("disc", "#00E5FF");
    public static final ObjectSpec CUP = new ObjectSpec("cup", "#FF3DF5");
    public static final ObjectSpec VESSEL = new ObjectSpec("vessel", "#3DFF6E");

    public ObjectSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Object names are one lower-case word (letters, digits, - or _), not '"
                    + name + "'");
        }
        if (colour == null || !COLOUR.matcher(colour).matches()) {
            throw new IllegalArgumentException("Colours are written #RRGGBB, not '" + colour + "'");
        }
        colour = colour.toUpperCase(Locale.ROOT);
    }

    /** The presets offered first: optic disc, optic cup, vessels. */
    public static List<ObjectSpec> presets() {
        return List.of(DISC, CUP, VESSEL);
    }

    /** A name typed by the user, turned into the file-name form ("Optic Disc" -> "optic-disc"). */
    public static String normaliseName(String typed) {
        return typed.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
    }

    /** What the user reads ("disc" -> "Optic disc"). */
    public String label() {
        return switch (name) {
            case "disc" -> "Optic disc";
            case "cup" -> "Optic cup";
            case "vessel" -> "Vessels";
            default -> Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('-', ' ');
        };
    }
}
