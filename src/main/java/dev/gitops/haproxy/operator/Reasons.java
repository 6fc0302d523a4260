package dev.gitops.haproxy.operator;

/**
 * CamelCase condition, target and Event reasons; the values users script against (SPEC.md). Why a
 * resource cannot be acted on at all (SecretNotFound, InsecureTarget, …) is an {@link EventReason}.
 */
public final class Reasons {

  public static final String SUCCEEDED = "Succeeded";
  public static final String VALIDATION_FAILED = "ValidationFailed";
  public static final String RELOAD_FAILED = "ReloadFailed";
  public static final String FILE_REJECTED = "FileRejected";
  public static final String TARGET_UNREACHABLE = "TargetUnreachable";
  public static final String AUTH_FAILED = "AuthFailed";
  public static final String VERSION_CONFLICT = "VersionConflict";
  public static final String UNEXPECTED_RESPONSE = "UnexpectedResponse";
  public static final String SUSPENDED = "Suspended";
  /** A new desired config was seen and is being rolled out. */
  public static final String PROGRESSING = "Progressing";
  public static final String DRIFT_DETECTED = "DriftDetected";
  /** The load balancer belongs to another resource or target. */
  public static final String TARGET_CONFLICT = "TargetConflict";
  public static final String DRIFT_CORRECTED = "DriftCorrected";
  /** driftPolicy is Ignore: targets are not checked for drift. */
  public static final String DRIFT_IGNORED = "DriftIgnored";
  public static final String WAITING = "WaitingForPreviousTarget";
  /** Not applied to this target because another one refused the config or a file of it. */
  public static final String REJECTED_BY_ANOTHER_TARGET = "RejectedByAnotherTarget";
  /** Not started in this reconcile: its budget was spent, or the operator is stopping. */
  public static final String DEFERRED = "Deferred";

  private Reasons() {
  }
}
