package dev.gitops.haproxy.model;

public enum RolloutStrategy {
  Sequential,
  Parallel
}
