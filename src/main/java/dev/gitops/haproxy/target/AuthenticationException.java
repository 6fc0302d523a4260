package dev.gitops.haproxy.target;

/**
 * The Data Plane API refused our credentials (401) or our identity (403). Transient: the fix is
 * a change to a Secret or to the load balancer, either of which may happen at any time.
 */
public final class AuthenticationException extends TargetException {

  public AuthenticationException(String message) {
    super(message, null);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
