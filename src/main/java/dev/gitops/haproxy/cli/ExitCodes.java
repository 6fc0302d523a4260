package dev.gitops.haproxy.cli;

/** Process exit codes, fixed by SPEC.md. */
final class ExitCodes {

  static final int OK = 0;
  static final int FATAL = 1;
  static final int USAGE = 2;

  private ExitCodes() {
  }
}
