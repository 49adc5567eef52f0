package io.proxyprompt.cli;

import java.util.ArrayList;
import java.util.List;

/** A cursor over command-line words for the headless commands; reports a missing option value by name. */
final class Args {

    /** A command line that cannot be understood; the message says which word and why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final List<String> words;
    private int i;

    Args(List<String> words) {
        this.words = new ArrayList<>(words);
    }

    boolean hasNext() {
        return i < words.size();
    }

    String next() {
        return words.get(i++);
    }

    /** The value after an option such as {@code --out}. */
    String value(String option) throws UsageException {
        if (i >= words.size() || words.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return words.get(i++);
    }

    static int positiveInt(String option, String value) throws UsageException {
        try {
            int v = Integer.parseInt(value);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a positive whole number, not '" + value + "'");
        }
    }
}
