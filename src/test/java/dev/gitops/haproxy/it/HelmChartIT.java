package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.model.FileKind;
import java.nio.file.Files;

/**
 * The Helm chart: helm lint, helm template with an explicit Kubernetes version, and every rendered
 * manifest accepted by the real API server (kubectl apply --dry-run=server), for each variant.
 */
class HelmChartIT {

  private static final Path CHART = Path.of(System.getProperty("project.basedir", "."), "charts", "haproxy-operator");
  private static TestKubernetes kube;
  private static String namespace;

  @BeforeAll
  static void setUp() {
    kube = TestKubernetes.get();
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    namespace = support.namespace("chart");
  }

  private static Commands.Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(Tools.helm().toString()));
    command.addAll(List.of(args));
    return Commands.run(command, null);
  }

  private static Commands.Result template(String... sets) {
    List<String> args = new ArrayList<>(List.of("template", "edge", CHART.toString(), "--namespace", namespace,
        "--kube-version", TestKubernetes.VERSION, "--include-crds"));
    for (String set : sets) {
      // "@file" is a values file; anything else one --set.
      args.add(set.startsWith("@") ? "-f" : "--set");
      args.add(set.startsWith("@") ? set.substring(1) : set);
    }
    return helm(args.toArray(String[]::new));
  }

  private static String renderAndDryRun(String... sets) {
    Commands.Result rendered = template(sets);
    assertThat(rendered.exitCode()).as(rendered.output()).isZero();
    Commands.Result applied = kube.dryRun(rendered.output());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    return rendered.output();
  }

  @Test
  void lintPasses() {
    Commands.Result lint = helm("lint", CHART.toString(), "--strict", "--kube-version", TestKubernetes.VERSION);
    assertThat(lint.exitCode()).as(lint.output()).isZero();
  }

  @Test
  void defaultsRenderALeastPrivilegeNamespacedInstall() {
    String manifests = renderAndDryRun();

    assertThat(manifests).contains("kind: Role\n").doesNotContain("kind: ClusterRole").doesNotContain("--tls-cert")
        .contains("runAsNonRoot: true").contains("readOnlyRootFilesystem: true")
        .contains("allowPrivilegeEscalation: false").contains("path: /readyz").contains("path: /healthz")
        .contains("value: \"" + namespace + "\"").contains("- --leader-elect")
        .contains("kind: \"CustomResourceDefinition\"");
  }

  @Test
  void leaderElectionWithTwoReplicas() {
    String manifests = renderAndDryRun("replicaCount=2", "leaderElection.enabled=true");

    assertThat(manifests).contains("replicas: 2").contains("- --leader-elect").contains("resources: [\"leases\"]");
  }

  @Test
  void twoReplicasWithoutLeaderElectionAreRefused() {
    Commands.Result rendered = template("replicaCount=2", "leaderElection.enabled=false");

    assertThat(rendered.exitCode()).isNotZero();
    assertThat(rendered.output()).contains("replicaCount > 1 needs leaderElection.enabled");
  }

  @Test
  void clusterWideWatchUsesAClusterRole() {
    String manifests = renderAndDryRun("watch.allNamespaces=true");

    assertThat(manifests).contains("kind: ClusterRole\n").contains("kind: ClusterRoleBinding")
        .contains("name: WATCH_NAMESPACE\n              value: \"\"");
  }

  @Test
  void extraNamespacesGetARoleEach() {
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String teamA = support.namespace("team-a");
    String teamB = support.namespace("team-b");
    String manifests = renderAndDryRun("watch.namespaces={" + teamA + "," + teamB + "}");

    assertThat(manifests).contains("namespace: " + teamA).contains("namespace: " + teamB)
        .contains("value: \"" + namespace + "," + teamA + "," + teamB + "\"");
  }

  @Test
  void staticTlsMountsTheSecretAndPassesItsFiles() {
    String manifests = renderAndDryRun("tls.secretName=haproxy-operator-tls");

    assertThat(manifests).contains("secretName: haproxy-operator-tls")
        .contains("- --tls-cert=/etc/haproxy-operator/tls/tls.crt")
        .contains("- --tls-key=/etc/haproxy-operator/tls/tls.key")
        .contains("- --tls-ca=/etc/haproxy-operator/tls/ca.crt")
        .contains("mountPath: /etc/haproxy-operator/tls");
  }

  @Test
  void spireMountsTheAgentSocketThroughTheCsiDriverOrAHostPath() {
    String csi = renderAndDryRun("spire.enabled=true");
    String hostPath = renderAndDryRun("spire.enabled=true", "spire.socketVolume=hostPath",
        "spire.hostPath=/run/spire/sockets", "spire.socketFile=agent.sock", "spire.timeout=1m");

    assertThat(csi).contains("driver: csi.spiffe.io").contains("mountPath: /run/spire/sockets")
        .contains("- --spire-socket=/run/spire/sockets/spire-agent.sock").contains("- --spire-timeout=30s")
        .doesNotContain("--tls-cert");
    assertThat(hostPath).contains("path: /run/spire/sockets").contains("type: Directory")
        .contains("- --spire-socket=/run/spire/sockets/agent.sock").contains("- --spire-timeout=1m")
        .doesNotContain("csi.spiffe.io");
  }

  @Test
  void spireAndStaticTlsExcludeEachOther() {
    Commands.Result both = template("spire.enabled=true", "tls.secretName=haproxy-operator-tls");
    Commands.Result badVolume = template("spire.enabled=true", "spire.socketVolume=nfs");

    assertThat(both.exitCode()).isNotZero();
    assertThat(both.output()).contains("spire.enabled and tls.secretName exclude each other");
    assertThat(badVolume.exitCode()).isNotZero();
    assertThat(badVolume.output()).contains("/spire/socketVolume");
  }

  @Test
  void colocatedHAProxiesAreDeclaredThroughAConfigMapTheOperatorReads() throws Exception {
    Path values = Files.createTempFile("colocated-", ".yaml");
    Files.writeString(values, """
        colocated:
          haproxies:
            - name: edge
              masterSocket: /run/haproxy/master.sock
              configFile: /etc/haproxy/haproxy.cfg
              masterLog: /run/haproxy/master.log
              storage: {sslCertificates: /etc/haproxy/ssl}
        extraVolumes: [{name: haproxy-run, emptyDir: {}}]
        extraVolumeMounts: [{name: haproxy-run, mountPath: /run/haproxy}]
        extraContainers: [{name: haproxy, image: haproxy:2.6, args: [-W, -S, /run/haproxy/master.sock]}]
        """);
    String manifests = renderAndDryRun("@" + values);

    assertThat(manifests).contains("- --colocated-config=/etc/haproxy-operator/colocated/colocated.yaml")
        .contains("mountPath: /etc/haproxy-operator/colocated").contains("name: haproxy-run")
        .contains("checksum/colocated:").contains("image: haproxy:2.6");
    String declared = manifests.substring(manifests.indexOf("colocated.yaml: |"));
    Path rendered = Files.createTempFile("declared-", ".yaml");
    Files.writeString(rendered, declared.lines().skip(1).takeWhile(line -> line.startsWith("    "))
        .map(line -> line.substring(4)).collect(java.util.stream.Collectors.joining("\n")));
    ColocatedTargets parsed = ColocatedTargets.load(rendered);
    assertThat(parsed.names()).containsExactly("edge");
    assertThat(parsed.get("edge").orElseThrow().storageFor(FileKind.SSLCertificate)).contains(Path.of("/etc/haproxy/ssl"));
    assertThat(renderAndDryRun()).doesNotContain("--colocated-config");
    Commands.Result relative = template("colocated.haproxies[0].name=edge", "colocated.haproxies[0].masterSocket=run.sock",
        "colocated.haproxies[0].configFile=/etc/haproxy/haproxy.cfg");
    assertThat(relative.exitCode()).isNotZero();
    assertThat(relative.output()).contains("masterSocket");
  }

  @Test
  void insecureHttpIsOffUnlessAsked() {
    assertThat(renderAndDryRun()).doesNotContain("--allow-insecure-http");
    assertThat(renderAndDryRun("allowInsecureHttp=true")).contains("- --allow-insecure-http");
  }

  @Test
  void dataplaneHostsAreNoneUnlessListed() {
    assertThat(renderAndDryRun()).doesNotContain("--allowed-target-hosts");
    assertThat(renderAndDryRun("allowedTargetHosts={*.lb.example.net,10.20.0.0/16}"))
        .contains("- --allowed-target-hosts=*.lb.example.net,10.20.0.0/16");
    Commands.Result withComma = template("allowedTargetHosts[0]=a\\,b");
    assertThat(withComma.exitCode()).isNotZero();
    assertThat(withComma.output()).contains("allowedTargetHosts");
  }

  @Test
  void serviceMonitorIsAcceptedWithThePrometheusOperatorCrd() {
    Commands.Result crd = kube.kubectl("apply", "--server-side", "-f", Tools.serviceMonitorCrd().toString());
    assertThat(crd.exitCode()).as(crd.output()).isZero();
    Commands.Result established = kube.kubectl("wait", "--for=condition=Established", "--timeout=60s",
        "crd/servicemonitors.monitoring.coreos.com");
    assertThat(established.exitCode()).as(established.output()).isZero();

    String manifests = renderAndDryRun("metrics.serviceMonitor.enabled=true", "metrics.serviceMonitor.labels.release=prom");

    assertThat(manifests).contains("kind: ServiceMonitor").contains("release: prom");
  }

  @Test
  void valuesSchemaRejectsUnknownAndMalformedValues() {
    Commands.Result badLevel = template("logLevel=LOUD");
    Commands.Result unknown = template("replicas=2");
    Commands.Result shortGrace = template("terminationGracePeriodSeconds=30");

    assertThat(shortGrace.exitCode()).as("shorter than one apply and its reload wait").isNotZero();
    assertThat(shortGrace.output()).contains("terminationGracePeriodSeconds");
    assertThat(badLevel.exitCode()).isNotZero();
    assertThat(badLevel.output()).contains("logLevel");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("replicas");
  }
}
