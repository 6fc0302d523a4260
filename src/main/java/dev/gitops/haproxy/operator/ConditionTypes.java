package dev.gitops.haproxy.operator;

import java.util.List;

/** The condition types of an HAProxyConfig, in the order they appear in status. */
public final class ConditionTypes {

  /** Every target runs the desired config. */
  public static final String READY = "Ready";
  /** The operator is working towards the desired config (kstatus). */
  public static final String RECONCILING = "Reconciling";
  /** Nothing will change until the input changes (kstatus). */
  public static final String STALLED = "Stalled";
  /** HAProxy accepted the desired config. */
  public static final String VALIDATED = "Validated";
  /** The desired config was applied to every target and HAProxy reloaded with it. */
  public static final String APPLIED = "Applied";

  /** A target runs something other than what the operator applied there. */
  public static final String DRIFTED = "Drifted";

  public static final List<String> ALL = List.of(READY, RECONCILING, STALLED, VALIDATED, APPLIED, DRIFTED);

  private ConditionTypes() {
  }
}
