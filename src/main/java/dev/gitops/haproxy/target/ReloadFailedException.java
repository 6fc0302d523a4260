package dev.gitops.haproxy.target;

/** The config was accepted but HAProxy did not reload with it; the previous file is back in place. */
public final class ReloadFailedException extends TargetException {

  public ReloadFailedException(String message) {
    super(message, null);
  }

  @Override
  public Failure failure() {
    return Failure.RELOAD_FAILED;
  }
}
