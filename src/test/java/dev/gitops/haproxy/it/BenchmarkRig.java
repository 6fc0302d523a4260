package dev.gitops.haproxy.it;

import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.target.LoadBalancer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The behaviour tests' load balancers, for the benchmarks (outside this package): each kind this
 * machine can run, with what the operator needs to reach it and a client of the operator's own for
 * the baseline.
 */
public final class BenchmarkRig implements AutoCloseable {

  public enum Kind {
    COLOCATED("co-located HAProxy"), DATAPLANE_API("HAProxy behind the Data Plane API");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final LoadBalancerRig rig;
  private final Kind kind;

  private BenchmarkRig(LoadBalancerRig rig, Kind kind) {
    this.rig = rig;
    this.kind = kind;
  }

  /** The co-located HAProxy everywhere; the Data Plane API where it was built. */
  public static List<Kind> availableKinds() {
    List<Kind> kinds = new ArrayList<>(List.of(Kind.COLOCATED));
    if (DataplaneRig.available()) {
      kinds.add(Kind.DATAPLANE_API);
    }
    return kinds;
  }

  public static BenchmarkRig start(Kind kind, String name) throws IOException {
    return new BenchmarkRig(switch (kind) {
      case COLOCATED -> ColocatedRig.start(name);
      case DATAPLANE_API -> DataplaneRig.start();
    }, kind);
  }

  /** A co-located HAProxy declared as {@code name}, started with {@code config}. */
  public static BenchmarkRig startColocated(String name, Path config) throws IOException {
    return new BenchmarkRig(ColocatedRig.start(name, config), Kind.COLOCATED);
  }

  public Kind kind() {
    return kind;
  }

  public Target target(String name) {
    return rig.target(name);
  }

  /** Creates what the target refers to in {@code namespace}: the Data Plane API's credentials. */
  public void grantAccess(KubernetesClient client, String namespace) {
    rig.grantAccess(new OperatorTestSupport(client), namespace);
  }

  /** The operator's settings as the behaviour tests use them, watching {@code namespaces}. */
  public HAProxyOperator.Settings settings(Set<String> namespaces) {
    return OperatorTestSupport.onTheRigs(namespaces, rig.declared());
  }

  public LoadBalancer loadBalancer() {
    return rig.loadBalancer();
  }

  /**
   * How many configs HAProxy has been made to load: the master's reload count, or the Data Plane
   * API's configuration version. Unchanged means nothing was applied.
   */
  public long applies() throws IOException, InterruptedException {
    return rig.applies();
  }

  /**
   * The entries of the {@code colocated:} list that declare this HAProxy to an operator process
   * (--colocated-config), one YAML line each.
   */
  public List<String> colocatedDeclaration() throws IOException {
    if (kind != Kind.COLOCATED) {
      throw new IllegalStateException(kind.description() + " is reached by URL: it has no declaration");
    }
    List<String> file = Files.readAllLines(rig.runDir().resolve("colocated.yaml"));
    return file.subList(file.indexOf("colocated:") + 1, file.size());
  }

  @Override
  public void close() {
    rig.close();
  }
}
