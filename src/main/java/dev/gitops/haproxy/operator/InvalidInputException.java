package dev.gitops.haproxy.operator;

/**
 * The resource cannot be acted on as it stands: a Secret or key it references does not exist, or
 * a target is not allowed. Terminal until the input changes.
 */
public final class InvalidInputException extends Exception {

  private final String reason;

  /** @param reason the CamelCase reason reported in conditions and Events, from {@link Reasons} */
  public InvalidInputException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public static InvalidInputException secretNotFound(String message) {
    return new InvalidInputException(Reasons.SECRET_NOT_FOUND, message);
  }

  public String reason() {
    return reason;
  }
}
