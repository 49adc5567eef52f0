package io.proxyprompt.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A rotating log file, {@code proxyprompt.log} in a folder (the workspace's {@code logs/}): INFO and above from
 * every logger, rolled over at a size to {@code proxyprompt.1.log} ... {@code proxyprompt.N.log}, oldest dropped.
 * Closing it detaches the file and puts the level back (stderr keeps WARN, see {@link StderrConfigurator}).
 */
public final class LogFile implements AutoCloseable {

    /** The file being written; rolled files are {@code proxyprompt.<i>.log}. */
    public static final String FILE_NAME = "proxyprompt.log";
    /** Roll over past 5 MB. */
    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    /** Rolled files kept besides the current one. */
    public static final int DEFAULT_KEPT_FILES = 5;

    private static final String APPENDER = "workspace-log";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    private final Logger root;
    private final RollingFileAppender<ILoggingEvent> appender;
    private final Level previousLevel;
    private final Path file;

    private LogFile(Logger root, RollingFileAppender<ILoggingEvent> appender, Level previousLevel, Path file) {
        this.root = root;
        this.appender = appender;
        this.previousLevel = previousLevel;
        this.file = file;
    }

    /** Starts logging to {@code folder} with the default size and number of files. */
    public static LogFile start(Path folder) throws IOException {
        return start(folder, DEFAULT_MAX_BYTES, DEFAULT_KEPT_FILES);
    }

    /**
     * Starts logging to {@code folder/proxyprompt.log}, rolling past {@code maxFileBytes} and keeping
     * {@code keptFiles} (1..20) rolled files.
     *
     * @throws IOException the folder cannot be created or the file cannot be opened (the message names it)
     */
    public static LogFile start(Path folder, long maxFileBytes, int keptFiles) throws IOException {
        if (keptFiles < 1 || keptFiles > 20) {
            throw new IllegalArgumentException("keptFiles must be 1..20, is " + keptFiles);
        }
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE_NAME).toAbsolutePath();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(folder.toAbsolutePath().toString().replace('\\', '/') + "/proxyprompt.%i.log");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(keptFiles);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new FileSize(maxFileBytes));
        trigger.setCheckIncrement(Duration.buildByMilliseconds(0)); // check every event: the log is low volume
        trigger.start();

        LayoutWrappingEncoder<ILoggingEvent> encoder = ScrubbingLayout.encoder(context, PATTERN,
                StandardCharsets.UTF_8);

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted() || !Files.isRegularFile(file)) {
            appender.stop();
            throw new IOException(file + ": the log file cannot be written; logging goes to stderr only");
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level previous = root.getLevel();
        Appender<ILoggingEvent> earlier = root.getAppender(APPENDER);
        if (earlier != null) { // a second start (another workstation in this JVM, as tests do) replaces the first
            root.detachAppender(earlier);
            earlier.stop();
        }
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        return new LogFile(root, appender, previous, file);
    }

    /** The folder of the log file this process writes, if one is open. */
    public static Optional<Path> activeFolder() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return Optional.empty();
        }
        Appender<ILoggingEvent> a = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        return a instanceof RollingFileAppender<ILoggingEvent> r && r.isStarted()
                ? Optional.of(Path.of(r.getFile()).getParent()) : Optional.empty();
    }

    /** The file being written now. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (root.getAppender(APPENDER) == appender) {
            root.detachAppender(appender);
            root.setLevel(previousLevel);
        }
        appender.stop();
    }
}
