package dev.gitops.haproxy.target;

/** The load balancer refused the operator's credentials (401) or identity (403, a TLS handshake). */
public final class AuthenticationException extends TargetException {

  public AuthenticationException(String message) {
    super(message, null);
  }

  @Override
  public Failure failure() {
    return Failure.AUTH_FAILED;
  }
}
