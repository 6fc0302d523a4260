package dev.gitops.haproxy.dataplane;

/** The configuration version moved between reading it and writing (409). */
public final class VersionConflictException extends DataplaneException {

  public VersionConflictException(String message) {
    super(message, null);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
