package dev.gitops.haproxy.operator;

/**
 * Every reason the operator gives, in one CamelCase vocabulary that users script against: of its
 * conditions, of a target's state, and of its Events. A failure is told by the same word
 * everywhere: the Ready condition's reason is the reason of the Event that reports it, as in Flux,
 * except where an Event names an act rather than a state: a config {@code ConfigApplied},
 * {@code ConfigAccepted} or {@code ConfigRejected}, a reload {@code RolledBack}, a certificate
 * {@code CertificateExpiring}.
 */
public enum Reason {
  // Outcomes of a rollout, on conditions and targets.
  Succeeded,
  Progressing,
  Suspended,
  ValidationFailed,
  /** The config breaks the operator's policy (--policy): it was neither validated nor applied. */
  PolicyViolation,
  ReloadFailed,
  FileRejected,
  TargetUnreachable,
  AuthFailed,
  VersionConflict,
  UnexpectedResponse,
  TargetConflict,
  DriftDetected,
  DriftCorrected,
  /** driftPolicy is Ignore: targets are not checked for drift. */
  DriftIgnored,
  /** A target of a Sequential rollout that waits for an earlier one to run the config. */
  WaitingForPreviousTarget,
  /** Not applied to this target because another one refused the config or a file of it. */
  RejectedByAnotherTarget,
  /** Not started in this reconcile: its budget was spent, or the operator is stopping. */
  Deferred,

  // Why a resource cannot be acted on at all: its condition's reason and its Event's.
  SecretNotFound,
  EmptyConfig,
  InsecureTarget,
  InvalidTarget,
  TargetNotAllowed,
  SecretNotLabeled,
  ConfigMapNotLabeled,
  UndeclaredTarget,
  SpiffeNotEnabled,
  InvalidSpiffeID,
  ConfigMapNotFound,
  InvalidCertificate,

  // Events only: what was done to a config.
  ConfigAccepted,
  ConfigRejected,
  ConfigApplied,
  RolledBack,
  CertificateExpiring;

  /** The type of an Event with this reason. */
  public EventType type() {
    return switch (this) {
      case Succeeded, Progressing, Suspended, DriftCorrected, DriftIgnored, WaitingForPreviousTarget, Deferred,
          ConfigAccepted, ConfigApplied -> EventType.Normal;
      case ValidationFailed, PolicyViolation, ReloadFailed, FileRejected, TargetUnreachable, AuthFailed, VersionConflict,
          UnexpectedResponse, TargetConflict, DriftDetected, RejectedByAnotherTarget, SecretNotFound, EmptyConfig,
          InsecureTarget, InvalidTarget, TargetNotAllowed, SecretNotLabeled, ConfigMapNotLabeled, UndeclaredTarget,
          SpiffeNotEnabled, InvalidSpiffeID, ConfigMapNotFound, InvalidCertificate, ConfigRejected,
          RolledBack, CertificateExpiring -> EventType.Warning;
    };
  }

  public enum EventType {
    Normal, Warning
  }
}
