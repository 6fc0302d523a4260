package dev.gitops.haproxy.it;

import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.TestConfigs;
import dev.gitops.haproxy.colocated.ColocatedHAProxy;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.operator.AllowedHosts;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.operator.InputLabel;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.tls.ServerTrust;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Resource builders and waits shared by the integration tests. */
final class OperatorTestSupport {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final KubernetesClient client;

  OperatorTestSupport(KubernetesClient client) {
    this.client = client;
  }

  /** A fresh namespace per test: the test API server never deletes namespaces, so names are unique. */
  String namespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xfffff);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    return name;
  }

  /** The global and defaults sections every test config starts with. */
  static final String GLOBAL_AND_DEFAULTS = TestConfigs.GLOBAL_AND_DEFAULTS;

  /** A complete haproxy.cfg whose only frontend answers {@code body} on 127.0.0.1:{@code port}. */
  static String config(int port, String body) {
    return TestConfigs.respondingWith(port, body);
  }

  /** A config HAProxy refuses: an unknown keyword in the frontend, on the line returned by {@link #bogusLine}. */
  static String invalidConfig(int port) {
    return config(port, "never") + "    bogus directive\n";
  }

  static int bogusLine(String config) {
    List<String> lines = config.lines().toList();
    return lines.indexOf("    bogus directive") + 1;
  }

  /** The hosts the test load balancers listen on, by address and by name. */
  static final AllowedHosts LOOPBACK = AllowedHosts.parse("127.0.0.1,localhost");

  /**
   * How the behaviour tests run the operator: watching {@code namespaces} (all when empty), retrying
   * within two seconds, allowed to reach the loopback load balancers (plain HTTP included) and the
   * co-located HAProxies in {@code declared}.
   */
  static HAProxyOperator.Settings onTheRigs(Set<String> namespaces, List<ColocatedHAProxy> declared) {
    return HAProxyOperator.Settings.defaults(namespaces)
        .withRetry(Duration.ofMillis(500), Duration.ofSeconds(2))
        .withInsecureHttpAllowed()
        .withAllowedTargetHosts(LOOPBACK)
        .withColocated(new ColocatedTargets(declared));
  }

  /**
   * What the operator's Data Plane API client reports when a call to {@code server} fails, as the
   * operator would see it; a call that succeeds fails the test.
   */
  static TargetException callFailure(DataplaneClientFactory clients, URI server, ServerTrust trust) {
    try {
      clients.clientFor(new DataplaneEndpoint(server, Optional.empty(), trust)).configurationVersion();
    } catch (TargetException e) {
      return e;
    }
    throw new AssertionError("the call to " + server + " was expected to fail");
  }

  /** Metadata of a Secret or ConfigMap the operator may read: it carries the opt-in label. */
  static ObjectMeta input(String namespace, String name) {
    return new ObjectMetaBuilder().withNamespace(namespace).withName(name)
        .withLabels(Map.of(InputLabel.KEY, InputLabel.VALUE)).build();
  }

  Secret configSecret(String namespace, String name, String key, String content) {
    return client.resource(new SecretBuilder().withMetadata(input(namespace, name))
        .withStringData(Map.of(key, content)).build()).serverSideApply();
  }

  Secret credentials(String namespace, String name, String user, String password) {
    return client.resource(new SecretBuilder().withMetadata(input(namespace, name))
        .withStringData(Map.of("username", user, "password", password)).build()).serverSideApply();
  }

  HAProxyConfig haproxyConfig(String namespace, String name, String secretName, Target... targets) {
    return client.resource(haproxyConfigResource(namespace, name, secretName, targets)).create();
  }

  /** The resource {@link #haproxyConfig} creates, for a test to complete before creating it. */
  static HAProxyConfig haproxyConfigResource(String namespace, String name, String secretName, Target... targets) {
    HAProxyConfigSpec spec = new HAProxyConfigSpec(new ConfigSource(new SecretKeySelector(secretName, "haproxy.cfg")),
        List.of(targets));
    return new HAProxyConfig(namespace, name, spec);
  }

  HAProxyConfig get(String namespace, String name) {
    return client.resources(HAProxyConfig.class).inNamespace(namespace).withName(name).get();
  }

  HAProxyConfigStatus awaitStatus(String namespace, String name, Predicate<HAProxyConfigStatus> condition) {
    return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(
        () -> Optional.ofNullable(get(namespace, name)).map(HAProxyConfig::getStatus).orElse(null),
        status -> status != null && condition.test(status));
  }

  static Predicate<HAProxyConfigStatus> condition(String type, String status, String reason) {
    return s -> s.condition(type).filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())).isPresent();
  }

  static Predicate<HAProxyConfigStatus> readyWith(String desiredHash) {
    return s -> desiredHash.equals(s.desiredHash()) && desiredHash.equals(s.appliedHash())
        && s.condition("Ready").map(Condition::getStatus).filter("True"::equals).isPresent();
  }

  /**
   * Every emission of {@code reason} on the object, oldest Event first: an Event the operator
   * emitted again (one object, counted) appears as often as its count says.
   */
  List<Event> events(String namespace, String kind, String name, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .sorted(java.util.Comparator.comparing(Event::getFirstTimestamp))
        .flatMap(e -> java.util.stream.Stream.generate(() -> e).limit(e.getCount() == null ? 1 : e.getCount()))
        .toList();
  }

  /** Every Event of the namespace, on any object, with its count: what a test may require to stay the same. */
  List<String> allEvents(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .map(e -> e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + " " + e.getReason()
            + " x" + e.getCount() + ": " + e.getMessage())
        .sorted()
        .toList();
  }

  void deleteAll(String namespace) {
    client.resources(HAProxyConfig.class).inNamespace(namespace).delete();
  }
}
