package dev.gitops.haproxy.model;

/** What the operator does when a target runs something other than what it recorded applying there. */
public enum DriftPolicy {
  /** Report the drift and apply the recorded config again. */
  Correct,
  /** Report the drift and leave the target as it is. */
  Warn,
  /** Do not check targets for drift. */
  Ignore
}
