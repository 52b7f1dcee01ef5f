package org.bounceguard.it.support;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Every log event of the whole test JVM (James's and Bounceguard's), at INFO and above, handed as
 * it happens to a test that searches them: the message with its exception chain, as one line.
 */
public final class LogWatch {
    private final AtomicLong events = new AtomicLong();

    private LogWatch() {
    }

    /** Attaches a watch to the root logger; call it from a test class's static initializer, before James starts. */
    public static LogWatch everyLine(Consumer<String> eachLine) {
        LogWatch watch = new LogWatch();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                watch.events.incrementAndGet();
                StringBuilder text = new StringBuilder(event.getFormattedMessage());
                for (var proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
                    text.append(' ').append(proxy.getClassName()).append(": ").append(proxy.getMessage());
                }
                eachLine.accept(text.toString());
            }
        };
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        return watch;
    }

    /** How many events it has seen: a watch that saw nothing proves nothing. */
    public long events() {
        return events.get();
    }
}
