package io.proxyprompt.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging every start gets, set up in code (found by logback through META-INF/services) instead of parsed from
 * an XML file, which took a few hundred milliseconds of the workstation's start-up: warnings and errors on stderr
 * only, scrubbed, so that stdout carries nothing but results. The workstation adds its rotating log file in the
 * workspace's logs/ folder at start-up ({@link LogFile}); stderr stays at WARN there too.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class StderrConfigurator extends ContextAwareBase implements Configurator {

    /** The appender's name. */
    public static final String APPENDER = "STDERR";
    /** The line on stderr. */
    public static final String PATTERN = "proxyprompt %level %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = ScrubbingLayout.encoder(context, PATTERN, null);
        ThresholdFilter warn = new ThresholdFilter();
        warn.setLevel(Level.WARN.levelStr);
        warn.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.addFilter(warn);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
