package dev.gitops.haproxy.model;

public enum TargetState {
  /** The target runs the desired config. */
  Applied,
  /** The target refused the desired config at validation; it keeps running what it ran. */
  Rejected,
  /** The target accepted the config but HAProxy did not reload with it; it keeps running what it ran. */
  ReloadFailed,
  /** HAProxy did not reload with the desired config, and the last known good config was applied again. */
  RolledBack,
  /** The target runs something other than what the operator applied there, and driftPolicy is Warn. */
  Drifted,
  /** The target could not be reached or refused our credentials. */
  Unreachable,
  /** Nothing was attempted on this target yet (e.g. a sequential rollout stopped before it). */
  Pending
}
