package dev.gitops.haproxy.target;

/**
 * A call to a load balancer that did not do what was asked, whichever way it is reached. Each
 * subtype names its {@link Failure}; what follows from it (retry with backoff, or wait for new
 * input) is decided once, for every kind of target, by the pipeline's outcome.
 */
public abstract sealed class TargetException extends Exception
    permits TargetUnreachableException, AuthenticationException, VersionConflictException,
        ConfigRejectedException, ReloadFailedException, UnexpectedResponseException, FileRejectedException {

  protected TargetException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What kind of failure this is. */
  public abstract Failure failure();

  /** The kinds of failure a load balancer reports. */
  public enum Failure {
    /** HAProxy refused the config. */
    REJECTED,
    /** A file the config needs was refused. */
    FILE_REJECTED,
    /** The config was accepted, but HAProxy did not reload with it. */
    RELOAD_FAILED,
    /** No answer, or not from the HAProxy asked. */
    UNREACHABLE,
    /** The load balancer refused the operator's credentials or identity. */
    AUTH_FAILED,
    /** Another writer changed the config meanwhile, again and again. */
    VERSION_CONFLICT,
    /** An answer the operator cannot interpret. */
    UNEXPECTED_RESPONSE
  }
}
