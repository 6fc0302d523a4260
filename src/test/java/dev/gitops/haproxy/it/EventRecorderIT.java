package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.operator.Reason;
import dev.gitops.haproxy.operator.EventRecorder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events as the API server keeps them: a repeat is counted on one object, and every name is valid. */
class EventRecorderIT {

  private final KubernetesClient client = TestKubernetes.get().client();
  private final OperatorTestSupport support = new OperatorTestSupport(client);

  private List<Event> eventsOn(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void theSameEventTwiceIsOneObjectCountedTwiceAndAnotherMessageIsAnother() {
    String namespace = support.namespace("events");
    ConfigMap regarding = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("subject").endMetadata().build()).create();
    EventRecorder recorder = new EventRecorder(client, java.time.Clock.systemUTC());

    recorder.record(regarding, Reason.TargetUnreachable, "lb1: no answer");
    recorder.record(regarding, Reason.TargetUnreachable, "lb1: no answer");
    recorder.record(regarding, Reason.TargetUnreachable, "lb1: connection refused");

    List<Event> events = eventsOn(namespace, "subject");
    assertThat(events).hasSize(2);
    assertThat(events).filteredOn(e -> e.getMessage().equals("lb1: no answer")).singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
    assertThat(support.events(namespace, "ConfigMap", "subject", "TargetUnreachable")).hasSize(3);
  }

  @Test
  void anObjectWithTheLongestNameStillGetsItsEvents() {
    String namespace = support.namespace("events-long");
    String longest = "a".repeat(253);
    ConfigMap regarding = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(longest).endMetadata().build()).create();

    new EventRecorder(client, java.time.Clock.systemUTC()).record(regarding, Reason.ConfigApplied, "applied");

    assertThat(eventsOn(namespace, longest)).singleElement()
        .satisfies(e -> assertThat(e.getMetadata().getName()).hasSizeLessThanOrEqualTo(253));
  }
}
