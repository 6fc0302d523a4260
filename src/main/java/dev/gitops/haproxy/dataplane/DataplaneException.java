package dev.gitops.haproxy.dataplane;

/**
 * A Data Plane API call that did not do what was asked. Each subtype says whether trying again
 * later can help ({@link #isTransient()}): callers retry transient failures with backoff and
 * wait for new input after terminal ones.
 */
public abstract sealed class DataplaneException extends Exception
    permits TargetUnreachableException, AuthenticationException, VersionConflictException,
        ConfigRejectedException, ReloadFailedException, UnexpectedResponseException, FileRejectedException {

  protected DataplaneException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same request may succeed later without any change to the config. */
  public abstract boolean isTransient();
}
