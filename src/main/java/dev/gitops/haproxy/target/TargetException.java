package dev.gitops.haproxy.target;

/**
 * A call to a load balancer that did not do what was asked, whichever way it is reached. Each subtype says whether trying again
 * later can help ({@link #isTransient()}): callers retry transient failures with backoff and
 * wait for new input after terminal ones.
 */
public abstract sealed class TargetException extends Exception
    permits TargetUnreachableException, AuthenticationException, VersionConflictException,
        ConfigRejectedException, ReloadFailedException, UnexpectedResponseException, FileRejectedException {

  protected TargetException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same request may succeed later without any change to the config. */
  public abstract boolean isTransient();
}
