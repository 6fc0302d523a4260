package dev.gitops.haproxy.operator;

/** A Secret or key that the resource references does not exist. Terminal until the input changes. */
public final class MissingInputException extends Exception {

  public MissingInputException(String message) {
    super(message);
  }
}
