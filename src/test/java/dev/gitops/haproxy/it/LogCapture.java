package dev.gitops.haproxy.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every line this JVM logs while open, with the stack traces, as an operator's log would show
 * them; the operator's own loggers at DEBUG, so that a test sees what a verbose log would leak too.
 */
final class LogCapture implements AutoCloseable {

  private static final String OURS = "dev.gitops.haproxy";

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root;
  private final Logger ours;
  private final Level previous;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ours = context.getLogger(OURS);
    previous = ours.getLevel();
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    ours.setLevel(Level.DEBUG);
  }

  static LogCapture start() {
    return new LogCapture();
  }

  /** The lines so far: logger, message with its arguments, and the stack trace of any exception. */
  List<String> lines() {
    List<ILoggingEvent> events;
    // AppenderBase appends under its own lock.
    synchronized (appender) {
      events = new ArrayList<>(appender.list);
    }
    return events.stream().map(event -> event.getLevel() + " " + event.getLoggerName() + " "
        + event.getFormattedMessage()
        + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    ours.setLevel(previous);
  }
}
