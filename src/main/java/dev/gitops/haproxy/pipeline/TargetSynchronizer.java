package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.dataplane.ApplyResult;
import dev.gitops.haproxy.dataplane.ConfigRejectedException;
import dev.gitops.haproxy.dataplane.DataplaneClient;
import dev.gitops.haproxy.dataplane.DataplaneException;
import dev.gitops.haproxy.dataplane.ReloadFailedException;
import dev.gitops.haproxy.dataplane.TargetFingerprint;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one target to the desired config: detect (is it already there?), validate, apply and
 * confirm the reload. Shared by every run mode; it knows nothing about Kubernetes.
 */
public final class TargetSynchronizer {

  private static final Logger LOG = LoggerFactory.getLogger(TargetSynchronizer.class);

  public TargetResult sync(TargetWork work, DesiredConfig desired) {
    return sync(work.name(), work.client(), desired, work.lastApplied());
  }

  public TargetResult sync(String target, DataplaneClient client, DesiredConfig desired, Optional<AppliedRecord> last) {
    String previousHash = last.map(AppliedRecord::hash).orElse(null);
    TargetFingerprint previousFingerprint = last.map(AppliedRecord::fingerprint).orElse(null);
    try {
      TargetFingerprint current = client.fingerprint();
      if (last.isPresent() && desired.hash().equals(previousHash) && current.equals(previousFingerprint)) {
        return TargetResult.inSync(target, desired.hash(), current);
      }
      client.validate(desired.content());
      ApplyResult applied = client.apply(desired.content());
      LOG.info("target {}: applied {} (configuration version {}, reload {}, {} ms)", target, desired.hash(),
          applied.fingerprint().version(), applied.reloadId(), applied.reloadTime().toMillis());
      return TargetResult.applied(target, desired.hash(), applied.fingerprint(), applied.reloadId(),
          applied.reloadTime());
    } catch (DataplaneException e) {
      Outcome outcome = Outcome.of(e);
      LOG.info("target {}: {} for {}: {}", target, outcome, desired.hash(), e.getMessage());
      return new TargetResult(target, outcome, e.getMessage(), previousHash, previousFingerprint,
          e instanceof ReloadFailedException failed ? failed.reloadId() : null, null,
          e instanceof ConfigRejectedException rejected ? rejected.errors() : null);
    }
  }
}
