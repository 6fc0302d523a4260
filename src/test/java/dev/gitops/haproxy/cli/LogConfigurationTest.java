package dev.gitops.haproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogConfigurationTest {

  private boolean warningsOnlyBefore;
  private LoggerContext configuredBefore;

  /**
   * The tests configure contexts of their own; the process's logging, which commands run in this
   * JVM by other tests use, stays as it was.
   */
  @BeforeEach
  void remember() {
    warningsOnlyBefore = LogConfiguration.warningsOnly;
    configuredBefore = LogConfiguration.configured;
  }

  @AfterEach
  void restore() {
    LogConfiguration.warningsOnly = warningsOnlyBefore;
    LogConfiguration.configured = configuredBefore;
  }

  @Test
  void logbackFindsItAndItLogsToStderrWithTheOperatorsLevels() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
        .contains(LogConfiguration.class);
    LoggerContext context = new LoggerContext();
    // The commands run in this JVM by other tests may have asked for warnings only.
    LogConfiguration.warningsOnly = false;

    assertThat(new LogConfiguration().configure(context))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO));
    assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
      assertThat(appender.getTarget()).isEqualTo("System.err");
      assertThat(appender.isStarted()).isTrue();
      assertThat(((PatternLayoutEncoder) ((ConsoleAppender<ILoggingEvent>) appender).getEncoder()).getPattern())
          .isEqualTo(LogConfiguration.PATTERN);
    });
    assertThat(context.getLogger("io.fabric8").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.spiffe").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.spiffe.workloadapi.StreamObservers").getLevel()).isEqualTo(Level.OFF);
    assertThat(context.getCopyOfListenerList()).isNotEmpty();
  }

  /** A one-shot command asks for warnings only before logging starts; logging then starts that way. */
  @Test
  void loggingStartedAfterACommandAskedForWarningsOnlyStartsAtWarn() {
    LogConfiguration.warningsOnly = true;
    LoggerContext context = new LoggerContext();

    new LogConfiguration().configure(context);

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel())
        .isEqualTo(System.getenv("LOG_LEVEL") == null ? Level.WARN : Level.toLevel(System.getenv("LOG_LEVEL")));
  }

  @Test
  void aConfigurationFileNamedOnTheCommandLineWins() {
    System.setProperty("logback.configurationFile", "/etc/haproxy-operator/logback.xml");
    try {
      LoggerContext context = new LoggerContext();

      assertThat(new LogConfiguration().configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
