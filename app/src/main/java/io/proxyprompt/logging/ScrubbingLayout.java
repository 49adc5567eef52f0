package io.proxyprompt.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.regex.Pattern;

/**
 * The log line as the pattern makes it, with secrets and DICOM person names masked, in the message and in stack
 * traces alike: a second line of defence behind "never log them" (a message can quote a file or an exception).
 */
public final class ScrubbingLayout extends PatternLayout {

    /** {@code password=...}, {@code token: ...}, {@code Authorization: Bearer ...} and the like. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|passphrase|secret|token|api[-_]?key|access[-_]?key|authorization"
                    + "|credentials?)(\"?\\s*[=:]\\s*\"?)(?:bearer\\s+|basic\\s+)?[^\\s\"',;&)]+");
    /** {@code scheme://user:password@host}. */
    private static final Pattern URL_USER = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s:@]+:[^/\\s@]+@");
    /** A DICOM person name, family^given^middle^prefix^suffix (PN), e.g. {@code Doe^Jane}. */
    private static final Pattern PERSON_NAME = Pattern.compile("[\\p{L}\\p{M}'.-]*\\^[\\p{L}\\p{M}'. ^-]*[\\p{L}\\p{M}]");

    /** A started encoder writing this layout with {@code pattern} (in {@code charset}; null: the platform's). */
    static ch.qos.logback.core.encoder.LayoutWrappingEncoder<ILoggingEvent> encoder(
            ch.qos.logback.core.Context context, String pattern, java.nio.charset.Charset charset) {
        ScrubbingLayout layout = new ScrubbingLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        ch.qos.logback.core.encoder.LayoutWrappingEncoder<ILoggingEvent> encoder =
                new ch.qos.logback.core.encoder.LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        if (charset != null) {
            encoder.setCharset(charset);
        }
        encoder.start();
        return encoder;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return scrub(super.doLayout(event));
    }

    /** The text with secrets and person names replaced by {@code ***}. */
    public static String scrub(String text) {
        String s = SECRET.matcher(text).replaceAll("$1$2***");
        s = URL_USER.matcher(s).replaceAll("$1***@");
        return PERSON_NAME.matcher(s).replaceAll("***");
    }
}
