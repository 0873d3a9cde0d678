package io.rmpcoap.camel.test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Turns every logger of the JVM to DEBUG and records each line with its stack trace, to prove that secrets never reach
 * a log. Closing reloads the configuration.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final LoggerContext context;

    private LogCapture(LoggerContext context) {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    /**
     * Starts capturing at DEBUG for all loggers but the named ones, which stay at INFO (for wire dumps such as Apache
     * HttpClient's {@code org.apache.hc.client5.http.wire}, which log every byte sent, like a packet capture).
     */
    public static LogCapture debug(String... infoLoggers) {
        return at(Level.DEBUG, infoLoggers);
    }

    /**
     * Starts capturing with every logger at the given level (INFO: what a deployment logs by default) but the named
     * ones, which stay at INFO.
     */
    public static LogCapture at(Level level, String... infoLoggers) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogCapture capture = new LogCapture(context);
        capture.start();
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().addAppender(capture, Level.ALL, null);
        configuration.getRootLogger().setLevel(level);
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            logger.setLevel(level);
        }
        for (String name : infoLoggers) {
            configuration.addLogger(name, new LoggerConfig(name, Level.INFO, true));
        }
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringWriter text = new StringWriter();
        text.append(event.getLoggerName()).append(' ').append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            event.getThrown().printStackTrace(new PrintWriter(text));
        }
        lines.add(text.toString());
    }

    /** Everything logged so far. */
    public String text() {
        return String.join("\n", lines);
    }

    /** How many lines were logged, to show that DEBUG logging was really on. */
    public int size() {
        return lines.size();
    }

    /** Reloads the logging configuration from its file, which drops this appender and the DEBUG levels. */
    @Override
    public void close() {
        context.reconfigure();
        stop();
    }
}
