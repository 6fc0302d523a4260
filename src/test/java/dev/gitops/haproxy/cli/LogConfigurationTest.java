package dev.gitops.haproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogConfigurationTest {

  @Test
  void logbackFindsItAndItLogsToStderrWithTheOperatorsLevels() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
        .contains(LogConfiguration.class);
    LoggerContext context = new LoggerContext();

    assertThat(new LogConfiguration().configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

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
