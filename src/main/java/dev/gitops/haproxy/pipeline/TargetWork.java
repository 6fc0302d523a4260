package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.target.LoadBalancer;
import java.util.List;
import java.util.Optional;

/**
 * One target of a rollout: its name, the load balancer, what was applied to it last, and the files
 * the operator stored on it.
 */
public record TargetWork(String name, LoadBalancer target, Optional<AppliedRecord> lastApplied,
    List<FileStatus> files) {

  public TargetWork {
    files = List.copyOf(files);
  }

  /** A target the operator has stored no files on (local mode, the one-shot commands). */
  public TargetWork(String name, LoadBalancer target, Optional<AppliedRecord> lastApplied) {
    this(name, target, lastApplied, List.of());
  }
}
