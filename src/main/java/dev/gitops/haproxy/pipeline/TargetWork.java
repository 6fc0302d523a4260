package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.dataplane.DataplaneClient;
import java.util.Optional;

/** One target of a rollout: its name, a client for it and what was applied to it last. */
public record TargetWork(String name, DataplaneClient client, Optional<AppliedRecord> lastApplied) {
}
