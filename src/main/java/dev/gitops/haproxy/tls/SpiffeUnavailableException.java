package dev.gitops.haproxy.tls;

/** The SPIRE agent gave the operator no SVID: SPIFFE mode cannot start. */
public final class SpiffeUnavailableException extends Exception {

  public SpiffeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
