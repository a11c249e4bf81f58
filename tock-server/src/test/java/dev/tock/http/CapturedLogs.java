package dev.tock.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything logged while it is open, with dev.tock at TRACE: for tests that look for what must never be logged. */
final class CapturedLogs implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger tock = (Logger) LoggerFactory.getLogger("dev.tock");
    private final Level before = tock.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs() {
        appender.start();
        root.addAppender(appender);
        tock.setLevel(Level.TRACE);
    }

    /** Each event as text: its message, key-value pairs and exceptions with their causes. */
    List<String> lines() {
        return appender.list.stream().map(e -> e.getLoggerName() + ": " + e.getFormattedMessage() + " " + e.getKeyValuePairs() + " "
                + throwable(e.getThrowableProxy())).toList();
    }

    private static String throwable(IThrowableProxy proxy) {
        return proxy == null ? "" : proxy.getClassName() + ": " + proxy.getMessage() + " " + throwable(proxy.getCause());
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        tock.setLevel(before);
    }
}
