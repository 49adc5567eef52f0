package io.proxyprompt.cli;

import io.proxyprompt.inference.ExecutionDevice;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** picocli conversions of option values, with messages that say what is expected, and their completion words. */
final class OptionTypes {

    private OptionTypes() {
    }

    /** {@code auto|cpu|cuda}, read as {@link ExecutionDevice#parse} reads it. */
    static final class Device implements ITypeConverter<ExecutionDevice>, Iterable<String> {
        @Override
        public ExecutionDevice convert(String value) {
            try {
                return ExecutionDevice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return List.of("auto", "cpu", "cuda").iterator();
        }
    }

    /** A whole number of at least 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int v = Integer.parseInt(value);
                if (v >= 1) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("needs a positive whole number, not '" + value + "'");
        }
    }

    /** One word of a closed list, kept as the word (the commands compare the text). */
    abstract static class Words implements ITypeConverter<String>, Iterable<String> {
        private final List<String> words;
        private final boolean upperCase;

        Words(boolean upperCase, String... words) {
            this.words = List.of(words);
            this.upperCase = upperCase;
        }

        @Override
        public String convert(String value) {
            String v = upperCase ? value.toUpperCase(Locale.ROOT) : value;
            if (!words.contains(v)) {
                throw new TypeConversionException("must be " + String.join(", ", words.subList(0, words.size() - 1))
                        + " or " + words.get(words.size() - 1) + ", not '" + value + "'");
            }
            return v;
        }

        @Override
        public Iterator<String> iterator() {
            return words.iterator();
        }
    }

    /** {@code segment --format}. */
    static final class Format extends Words {
        Format() {
            super(false, "png", "seg", "both");
        }
    }

    /** {@code wrap --laterality}: which eye, L or R (either case). */
    static final class Laterality extends Words {
        Laterality() {
            super(true, "L", "R");
        }
    }
}
