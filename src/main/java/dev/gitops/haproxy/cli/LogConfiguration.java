package dev.gitops.haproxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The operator's logging, set up in code rather than from a logback.xml: reading XML loads and
 * runs a parser and some 500 classes, a third of a one-shot {@code validate}'s start-up, which a
 * pipeline gate pays on every merge. A file named by {@code -Dlogback.configurationFile} still
 * replaces all of this. Found by logback through {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

  /**
   * Set by a command whose terminal lines are its output, before anything logs: the root logger
   * then starts at WARN. Logback starts at the first log call, which a one-shot command often never
   * makes; starting it only to lower its level cost a {@code validate} some 300 classes.
   */
  static volatile boolean warningsOnly;

  /** Whether logback has been set up by this class: from then on, levels change on the context. */
  static volatile LoggerContext configured;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // java.util.logging (java-spiffe, gRPC) arrives through jul-to-slf4j; its levels follow these.
    LevelChangePropagator julLevels = new LevelChangePropagator();
    julLevels.setContext(context);
    julLevels.setResetJUL(true);
    context.addListener(julLevels);
    julLevels.start();

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    // stderr: stdout belongs to command output (JSON of validate and apply, local mode lines).
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    context.getLogger("io.fabric8").setLevel(Level.WARN);
    context.getLogger("io.javaoperatorsdk").setLevel(Level.INFO);
    context.getLogger("io.spiffe").setLevel(Level.WARN);
    // Logs every reconnect to the SPIRE agent with a stack trace; the operator reports a missing
    // SVID itself (at start, and as AuthFailed when an SVID expires unrotated).
    context.getLogger("io.spiffe.workloadapi.StreamObservers").setLevel(Level.OFF);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel());
    root.addAppender(stderr);
    configured = context;
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** LOG_LEVEL when set; otherwise INFO, or WARN for a command that asked for {@link #warningsOnly}. */
  static Level rootLevel() {
    String asked = System.getenv("LOG_LEVEL");
    if (asked != null) {
      return Level.toLevel(asked, Level.INFO);
    }
    return warningsOnly ? Level.WARN : Level.INFO;
  }
}
