package dev.gitops.haproxy.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.target.Printable;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core/v1 Events, which {@code kubectl describe} shows for any object. Failing to emit an
 * Event is logged and never fails a reconcile: Events are a report, not part of the outcome.
 */
public class EventRecorder implements Reconciliation.Events {

  public static final String COMPONENT = "haproxy-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final int MAX_MESSAGE_LENGTH = 1024;

  /** An Event as emitted, for listeners such as tests and metrics. */
  public record Recorded(HasMetadata regarding, Reason reason, String message) {
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final List<Consumer<Recorded>> listeners = new CopyOnWriteArrayList<>();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void addListener(Consumer<Recorded> listener) {
    listeners.add(listener);
  }

  @Override
  public void record(HasMetadata regarding, Reason reason, String message) {
    String text = Printable.shorten(message, MAX_MESSAGE_LENGTH);
    String now = clock.instant().toString();
    var metadata = regarding.getMetadata();
    String name = nameOf(regarding, reason, text);
    try {
      try {
        client.v1().events().inNamespace(metadata.getNamespace()).resource(new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(metadata.getNamespace())
            .endMetadata()
            .withInvolvedObject(new ObjectReferenceBuilder()
                .withApiVersion(regarding.getApiVersion())
                .withKind(regarding.getKind())
                .withName(metadata.getName())
                .withNamespace(metadata.getNamespace())
                .withUid(metadata.getUid())
                .withResourceVersion(metadata.getResourceVersion())
                .build())
            .withReason(reason.name())
            .withMessage(text)
            .withType(reason.type().name())
            .withNewSource().withComponent(COMPONENT).endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build()).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // The same Event again: counted on the one object, as kubectl describe shows ("x3 over 5m").
        // Two replicas counting at once may lose one increment; the Event itself is never lost.
        client.v1().events().inNamespace(metadata.getNamespace()).withName(name).edit(existing -> {
          existing.setCount(Optional.ofNullable(existing.getCount()).orElse(1) + 1);
          existing.setLastTimestamp(now);
          return existing;
        });
      }
    } catch (KubernetesClientException e) {
      LOG.warn("could not emit Event {} on {} {}/{}: {}", reason, regarding.getKind().toLowerCase(Locale.ROOT),
          metadata.getNamespace(), metadata.getName(), e.getMessage());
      return;
    }
    Recorded recorded = new Recorded(regarding, reason, text);
    listeners.forEach(l -> l.accept(recorded));
  }

  /**
   * One name per object, reason and message: a repeat is the same Event, counted. The object's name
   * is shortened so that the whole stays a valid name (253 characters), which a long resource name
   * would otherwise break.
   */
  static String nameOf(HasMetadata regarding, Reason reason, String message) {
    String key = regarding.getMetadata().getUid() + "\n" + regarding.getKind() + "\n" + regarding.getMetadata().getName()
        + "\n" + reason.name() + "\n" + message;
    return ObjectNames.fitted(regarding.getMetadata().getName(), "." + ConfigHash.hexPrefix(key, 16));
  }
}
