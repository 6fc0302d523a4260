package dev.gitops.haproxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Log levels chosen by the entry point. */
final class Logging {

  private Logging() {
  }

  /**
   * For commands whose terminal lines are the output (local mode, validate, apply): log only
   * warnings, so the same outcome is not printed twice. LOG_LEVEL still wins. Logging that has not
   * started yet is not started here: it starts at WARN when something first logs.
   */
  static void quietUnlessAsked() {
    if (System.getenv("LOG_LEVEL") != null) {
      return;
    }
    LogConfiguration.warningsOnly = true;
    LoggerContext started = LogConfiguration.configured;
    if (started != null) {
      started.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    } else if (System.getProperty("logback.configurationFile") != null
        && LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      // The administrator's own logback.xml, which LogConfiguration leaves alone: set it here.
      root.setLevel(Level.WARN);
    }
  }
}
