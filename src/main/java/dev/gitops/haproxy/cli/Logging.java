package dev.gitops.haproxy.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Log levels chosen by the entry point. */
final class Logging {

  private Logging() {
  }

  /**
   * For commands whose terminal lines are the output (local mode, validate, apply): log only
   * warnings, so the same outcome is not printed twice. LOG_LEVEL still wins.
   */
  static void quietUnlessAsked() {
    if (System.getenv("LOG_LEVEL") == null
        && LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.WARN);
    }
  }
}
