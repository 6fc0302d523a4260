package dev.gitops.haproxy.target;

/** The configuration version moved between reading it and writing (409). */
public final class VersionConflictException extends TargetException {

  public VersionConflictException(String message) {
    super(message, null);
  }

  @Override
  public Failure failure() {
    return Failure.VERSION_CONFLICT;
  }
}
