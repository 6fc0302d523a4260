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
    root.setLevel(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO));
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
