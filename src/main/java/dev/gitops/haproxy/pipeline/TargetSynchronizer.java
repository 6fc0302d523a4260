package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.dataplane.ApplyResult;
import dev.gitops.haproxy.dataplane.ConfigRejectedException;
import dev.gitops.haproxy.dataplane.DataplaneException;
import dev.gitops.haproxy.dataplane.TargetFingerprint;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one target to the desired config: detect (is it already there?), validate, apply and
 * confirm the reload, through the Data Plane API. Shared by every run mode; it knows nothing
 * about Kubernetes.
 */
public final class TargetSynchronizer implements TargetPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(TargetSynchronizer.class);

  @Override
  public TargetResult check(TargetWork work, DesiredConfig desired) {
    Optional<AppliedRecord> last = work.lastApplied();
    try {
      TargetFingerprint current = work.client().fingerprint();
      if (last.isPresent() && desired.hash().equals(last.get().hash()) && current.equals(last.get().fingerprint())) {
        return TargetResult.inSync(work.name(), desired.hash(), current);
      }
      work.client().validate(desired.content());
      return TargetResult.validated(work.name(), desired.hash(), last.orElse(null));
    } catch (DataplaneException | RuntimeException e) {
      return failed(work, desired, e);
    }
  }

  @Override
  public TargetResult apply(TargetWork work, DesiredConfig desired) {
    try {
      ApplyResult applied = work.client().apply(desired.content());
      LOG.info("target {}: applied {} (configuration version {}, reload {}, {} ms)", work.name(), desired.hash(),
          applied.fingerprint().version(), applied.reloadId(), applied.reloadTime().toMillis());
      return TargetResult.applied(work.name(), desired.hash(), applied.fingerprint(), applied.reloadId(),
          applied.reloadTime());
    } catch (DataplaneException | RuntimeException e) {
      return failed(work, desired, e);
    }
  }

  /** Both steps, for a single target (local mode, the apply command). */
  public TargetResult sync(TargetWork work, DesiredConfig desired) {
    TargetResult checked = check(work, desired);
    return checked.outcome() == Outcome.VALIDATED ? apply(work, desired) : checked;
  }

  private static TargetResult failed(TargetWork work, DesiredConfig desired, Exception e) {
    // A RuntimeException here is a bug or an answer nobody anticipated; it still becomes a
    // reported, retried outcome instead of a reconcile that ends without a status.
    Outcome outcome = e instanceof DataplaneException dataplane ? Outcome.of(dataplane) : Outcome.UNEXPECTED_RESPONSE;
    String message = e instanceof DataplaneException ? e.getMessage()
        : "unexpected error talking to " + work.client().endpoint().baseUri() + ": " + e;
    LOG.info("target {}: {} for {}: {}", work.name(), outcome, desired.hash(), message);
    AppliedRecord last = work.lastApplied().orElse(null);
    return new TargetResult(work.name(), outcome, message, last == null ? null : last.hash(),
        last == null ? null : last.fingerprint(), null, null,
        e instanceof ConfigRejectedException rejected ? rejected.errors() : null);
  }
}
