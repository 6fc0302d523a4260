package dev.gitops.haproxy.target;

/**
 * The Data Plane API refused to store a file (e.g. a certificate it cannot parse). Terminal: the
 * config that needs the file is not validated or applied until the file changes.
 */
public final class FileRejectedException extends TargetException {

  public FileRejectedException(String message) {
    super(message, null);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
