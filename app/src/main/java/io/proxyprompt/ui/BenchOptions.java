package io.proxyprompt.ui;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of {@code bench --workstation}: photographs, targets, repeats, model, and whether to time the start-up
 * or only the memory of the opened photographs.
 */
record BenchOptions(Path images, int targets, int repeats, Path model, boolean startup, boolean openOnly) {

    /** Reads the options after {@code bench}; an unknown option or a bad number is an IllegalArgumentException. */
    static BenchOptions parse(List<String> args) {
        Path images = null;
        int targets = 50;
        int repeats = 3;
        Path model = null;
        boolean startup = true;
        boolean openOnly = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--workstation" -> { }
                case "--images" -> images = Path.of(value(args, ++i, a));
                case "--targets" -> targets = positive(value(args, ++i, a), a);
                case "--repeats" -> repeats = positive(value(args, ++i, a), a);
                case "--model" -> model = Path.of(value(args, ++i, a));
                case "--no-startup" -> startup = false;
                case "--open-only" -> openOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + a + "; use --images DIR,"
                        + " --targets N, --repeats R, --model DIR, --no-startup, --open-only");
            }
        }
        return new BenchOptions(images, targets, repeats, model, startup, openOnly);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String s, String option) {
        try {
            int v = Integer.parseInt(s);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException(option + " takes a positive whole number, not " + s);
    }

}
