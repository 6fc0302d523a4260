package dev.gitops.haproxy.target;

/** The load balancer refused to store a file (a certificate it cannot parse, a name it does not allow). */
public final class FileRejectedException extends TargetException {

  public FileRejectedException(String message) {
    super(message, null);
  }

  @Override
  public Failure failure() {
    return Failure.FILE_REJECTED;
  }
}
