package dev.gitops.haproxy.cli;

/** A failure that ends the process with one line saying what to fix, not a stack trace. */
final class FatalError extends RuntimeException {

  FatalError(String message, Throwable cause) {
    super(message, cause);
  }
}
