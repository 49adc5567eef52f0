package io.proxyprompt.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logging every start gets without a configuration file: warnings and errors on stderr, scrubbed, nothing else. */
class StderrConfiguratorTest {

    @Test
    void logbackFindsItAtStartUp() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertNotNull(root.getAppender(StderrConfigurator.APPENDER), "the stderr appender is on the root logger");
    }

    @Test
    void warningsGoToStderrScrubbedAndInfoDoesNot() {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as slf4j's binding does
        Level rootLevel;
        try {
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            StderrConfigurator configurator = new StderrConfigurator();
            configurator.setContext(context);
            configurator.configure(context);
            Logger log = context.getLogger("io.proxyprompt.Some");
            log.info("not shown");
            log.warn("sent to Doe^Jane with password=hunter2");
            rootLevel = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
        } finally {
            context.stop();
            System.setErr(err);
            System.setOut(out);
        }
        assertEquals(Level.WARN, rootLevel);
        String text = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals("proxyprompt WARN Some: " + ScrubbingLayout.scrub("sent to Doe^Jane with password=hunter2")
                + System.lineSeparator(), text);
        assertTrue(!text.contains("Jane") && !text.contains("hunter2"), text);
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).isEmpty(), "stdout carries only results");
    }
}
