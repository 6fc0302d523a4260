package dev.gitops.haproxy.target;

/** The config was accepted but HAProxy did not reload with it; the previous file is back in place. */
public final class ReloadFailedException extends TargetException {

  private final boolean reloaded;

  public ReloadFailedException(String message) {
    this(message, true);
  }

  /**
   * @param reloaded false when nothing was written or reloaded: the load balancer refused the
   *     config beforehand (it took HAProxy down before), and still runs what it ran
   */
  public ReloadFailedException(String message, boolean reloaded) {
    super(message, null);
    this.reloaded = reloaded;
  }

  /** Whether HAProxy was made to reload: if not, there is nothing to roll back. */
  public boolean reloaded() {
    return reloaded;
  }

  @Override
  public Failure failure() {
    return Failure.RELOAD_FAILED;
  }
}
