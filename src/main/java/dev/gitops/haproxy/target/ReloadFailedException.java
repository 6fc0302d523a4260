package dev.gitops.haproxy.target;

/**
 * The config was stored but HAProxy did not reload with it; the Data Plane API restores the last
 * good file. Transient: reloads fail for reasons outside the config (a port in use, memory).
 */
public final class ReloadFailedException extends TargetException {

  public ReloadFailedException(String message) {
    super(message, null);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
