package dev.gitops.haproxy.operator;

/** Reasons of the Events the operator emits, each with its Kubernetes Event type. */
public enum EventReason {
  ConfigAccepted(EventType.Normal),
  ConfigRejected(EventType.Warning),
  ConfigApplied(EventType.Normal),
  ApplyFailed(EventType.Warning),
  RolledBack(EventType.Warning),
  DriftDetected(EventType.Warning),
  DriftCorrected(EventType.Normal),
  TargetConflict(EventType.Warning),
  TargetUnreachable(EventType.Warning),
  AuthFailed(EventType.Warning),
  SecretNotFound(EventType.Warning),
  EmptyConfig(EventType.Warning),
  InsecureTarget(EventType.Warning),
  InvalidTarget(EventType.Warning),
  TargetNotAllowed(EventType.Warning),
  SecretNotLabeled(EventType.Warning),
  ConfigMapNotLabeled(EventType.Warning),
  UndeclaredTarget(EventType.Warning),
  SpiffeNotEnabled(EventType.Warning),
  InvalidSpiffeID(EventType.Warning),
  ConfigMapNotFound(EventType.Warning),
  InvalidCertificate(EventType.Warning),
  FileRejected(EventType.Warning),
  CertificateExpiring(EventType.Warning);

  private final EventType type;

  EventReason(EventType type) {
    this.type = type;
  }

  public EventType type() {
    return type;
  }

  public enum EventType {
    Normal, Warning
  }
}
