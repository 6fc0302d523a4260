package dev.gitops.haproxy.cli;

/** Process exit codes: the one-shot commands' contract with pipelines (README, "One-shot commands"). */
final class ExitCodes {

  static final int OK = 0;
  /** A fatal error; for validate/apply: the config is invalid or HAProxy did not reload with it. */
  static final int FATAL = 1;
  static final int REJECTED = 1;
  /** diff: the two configs differ in effect. */
  static final int DIFFERENT = 1;
  /** Bad flags or arguments. */
  static final int USAGE = 2;
  /** validate/apply: the Data Plane API could not be reached or refused our credentials. */
  static final int TARGET_FAILURE = 3;

  private ExitCodes() {
  }
}
