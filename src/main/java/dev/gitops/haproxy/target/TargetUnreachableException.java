package dev.gitops.haproxy.target;

/** No answer: connection refused, DNS failure, timeout, TLS handshake failure, a master socket gone. */
public final class TargetUnreachableException extends TargetException {

  public TargetUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public Failure failure() {
    return Failure.UNREACHABLE;
  }
}
