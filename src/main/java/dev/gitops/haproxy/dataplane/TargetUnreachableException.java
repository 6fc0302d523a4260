package dev.gitops.haproxy.dataplane;

/** No HTTP answer: connection refused, DNS failure, timeout or TLS handshake failure. */
public final class TargetUnreachableException extends DataplaneException {

  public TargetUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
