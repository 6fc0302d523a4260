package dev.gitops.haproxy.operator;

/** CamelCase condition, target and Event reasons; the values users script against (SPEC.md). */
public final class Reasons {

  public static final String SUCCEEDED = "Succeeded";
  public static final String VALIDATION_FAILED = "ValidationFailed";
  public static final String RELOAD_FAILED = "ReloadFailed";
  public static final String TARGET_UNREACHABLE = "TargetUnreachable";
  public static final String AUTH_FAILED = "AuthFailed";
  public static final String VERSION_CONFLICT = "VersionConflict";
  public static final String UNEXPECTED_RESPONSE = "UnexpectedResponse";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String INSECURE_TARGET = "InsecureTarget";
  public static final String SPIFFE_NOT_ENABLED = "SpiffeNotEnabled";
  public static final String INVALID_SPIFFE_ID = "InvalidSpiffeID";
  public static final String SUSPENDED = "Suspended";
  public static final String WAITING = "WaitingForPreviousTarget";

  private Reasons() {
  }
}
