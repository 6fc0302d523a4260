package dev.gitops.haproxy.target;

/** No HTTP answer: connection refused, DNS failure, timeout or TLS handshake failure. */
public final class TargetUnreachableException extends TargetException {

  public TargetUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
