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

    public static final ObjectSpec DISC = new ObjectSpec("disc", "#F2C14E");
    public static final ObjectSpec CUP = new ObjectSpec("cup", "#4EC9F2");
    public static final ObjectSpec VESSEL = new ObjectSpec("vessel", "#E8505B");

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
