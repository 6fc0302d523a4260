package dev.gitops.haproxy.operator;

/**
 * The resource cannot be acted on as it stands: a Secret or key it references does not exist, or
 * a target is not allowed. Terminal until the input changes.
 */
public final class InvalidInputException extends Exception {

  private final Reason reason;

  /** @param reason the reason reported in conditions and in the Warning Event */
  public InvalidInputException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public static InvalidInputException secretNotFound(String message) {
    return new InvalidInputException(Reason.SecretNotFound, message);
  }

  public Reason reason() {
    return reason;
  }
}
