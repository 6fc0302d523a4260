package dev.gitops.haproxy.target;

/** An answer the client does not know how to interpret, such as a 5xx or a missing header. */
public final class UnexpectedResponseException extends TargetException {

  private final int statusCode;

  public UnexpectedResponseException(int statusCode, String message) {
    super(message, null);
    this.statusCode = statusCode;
  }

  /** The HTTP status of the answer (200 when the status was fine but the body was not). */
  public int statusCode() {
    return statusCode;
  }

  @Override
  public Failure failure() {
    return Failure.UNEXPECTED_RESPONSE;
  }
}
