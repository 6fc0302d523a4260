package dev.gitops.haproxy.tls;

/** A certificate file that HAProxy could not serve; the message says why, never what the key is. */
public final class InvalidCertificateException extends Exception {

  public InvalidCertificateException(String message) {
    super(message);
  }
}
