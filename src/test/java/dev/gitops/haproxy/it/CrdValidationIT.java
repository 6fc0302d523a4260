package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API server itself refuses malformed HAProxyConfigs, with a message that names the field. */
class CrdValidationIT {

  private static TestKubernetes kube;
  private static String namespace;

  @BeforeAll
  static void setUp() {
    kube = TestKubernetes.get();
    namespace = new OperatorTestSupport(kube.client()).namespace("crd");
  }

  private Commands.Result apply(String spec) {
    String manifest = """
        apiVersion: haproxy.gitops.dev/v1alpha1
        kind: HAProxyConfig
        metadata:
          name: edge
          namespace: %s
        spec:
        %s
        """.formatted(namespace, spec.indent(2));
    return kube.dryRun(manifest);
  }

  private static final String GOOD_TARGET = """
      targets:
        - name: lb1
          url: https://lb1.example.net:5555/v3
      """;

  @Test
  void acceptsAValidResourceAndDefaultsItsFields() {
    Commands.Result result = kube.kubectlWithInput("""
        apiVersion: haproxy.gitops.dev/v1alpha1
        kind: HAProxyConfig
        metadata: {name: edge, namespace: %s}
        spec:
          configFrom: {secretRef: {name: haproxy-config}}
          targets: [{name: lb1, url: "https://lb1.example.net:5555/v3"}]
        """.formatted(namespace), "apply", "--dry-run=server", "-o", "yaml", "-f", "-");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("key: haproxy.cfg").contains("interval: 5m");
  }

  @Test
  void refusesAMissingSecretName() {
    Commands.Result result = apply("configFrom: {secretRef: {key: haproxy.cfg}}\n" + GOOD_TARGET);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("spec.configFrom.secretRef.name: Required value");
  }

  @Test
  void refusesNoTargets() {
    Commands.Result result = apply("configFrom: {secretRef: {name: cfg}}\ntargets: []\n");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("spec.targets").contains("should have at least 1 items");
  }

  @Test
  void refusesATargetWithoutNameOrWithoutExactlyOneOfUrlAndColocated() {
    Commands.Result noName = apply("configFrom: {secretRef: {name: cfg}}\ntargets: [{url: \"https://x:5555/v3\"}]\n");
    Commands.Result neither = apply("configFrom: {secretRef: {name: cfg}}\ntargets: [{name: lb1}]\n");
    Commands.Result both = apply("configFrom: {secretRef: {name: cfg}}\n"
        + "targets: [{name: lb1, url: \"https://x:5555/v3\", colocated: edge}]\n");
    assertThat(noName.output()).contains("spec.targets[0].name: Required value");
    assertThat(neither.output()).contains("spec.targets[0]").contains("exactly one of url").contains("or colocated");
    assertThat(both.output()).contains("exactly one of url");
    assertThat(List.of(noName.exitCode(), neither.exitCode(), both.exitCode())).doesNotContain(0);
  }

  @Test
  void acceptsAColocatedTargetByNameAndNothingThatNamesAPathOrCredentials() {
    Commands.Result colocated = apply("configFrom: {secretRef: {name: cfg}}\ntargets: [{name: lb1, colocated: edge}]\n");
    Commands.Result path = apply("configFrom: {secretRef: {name: cfg}}\n"
        + "targets: [{name: lb1, colocated: /run/haproxy/master.sock}]\n");
    Commands.Result credentials = apply("configFrom: {secretRef: {name: cfg}}\n"
        + "targets: [{name: lb1, colocated: edge, credentialsSecretRef: {name: c}}]\n");

    assertThat(colocated.exitCode()).as(colocated.output()).isZero();
    assertThat(path.exitCode()).isNotZero();
    assertThat(path.output()).contains("spec.targets[0].colocated");
    assertThat(credentials.exitCode()).isNotZero();
    assertThat(credentials.output()).contains("takes no credentialsSecretRef or tls");
  }

  @Test
  void refusesDuplicateTargetNames() {
    Commands.Result result = apply("""
        configFrom: {secretRef: {name: cfg}}
        targets:
          - {name: lb1, url: "https://a:5555/v3"}
          - {name: lb1, url: "https://b:5555/v3"}
        """);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("target names must be unique");
  }

  @Test
  void refusesAnUnknownEnumValue() {
    Commands.Result result = apply("configFrom: {secretRef: {name: cfg}}\nrollout: {strategy: AllAtOnce}\n" + GOOD_TARGET);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("spec.rollout.strategy").contains("Unsupported value: \"AllAtOnce\"");
  }

  @Test
  void refusesAMalformedUrlOrInterval() {
    Commands.Result url = apply("configFrom: {secretRef: {name: cfg}}\ntargets: [{name: lb1, url: \"lb1:5555\"}]\n");
    Commands.Result interval = apply("configFrom: {secretRef: {name: cfg}}\ninterval: five minutes\n" + GOOD_TARGET);
    assertThat(url.output()).contains("spec.targets[0].url");
    assertThat(interval.output()).contains("spec.interval");
    assertThat(url.exitCode()).isNotZero();
    assertThat(interval.exitCode()).isNotZero();
  }

  @Test
  void refusesAPortAbove65535AndTwoTargetsWithOneUrl() {
    Commands.Result port = apply("configFrom: {secretRef: {name: cfg}}\n"
        + "targets: [{name: lb1, url: \"https://lb1:99999/v3\"}]\n");
    Commands.Result sameUrl = apply("""
        configFrom: {secretRef: {name: cfg}}
        targets:
          - {name: lb1, url: "https://a:5555/v3"}
          - {name: lb2, url: "https://a:5555/v3"}
        """);
    assertThat(port.exitCode()).isNotZero();
    assertThat(port.output()).contains("spec.targets[0].url").contains("the port must be at most 65535");
    assertThat(sameUrl.exitCode()).isNotZero();
    assertThat(sameUrl.output()).contains("target URLs must be unique");
    Commands.Result ipv6 = apply("configFrom: {secretRef: {name: cfg}}\n"
        + "targets: [{name: lb1, url: \"https://[1:2]:5555/v3\"}]\n");
    assertThat(ipv6.exitCode()).isNotZero();
    assertThat(ipv6.output()).contains("must be a URL whose host is a name or an IP address");
  }

  @Test
  void acceptsAServerSpiffeIdAndRefusesOneThatIsNot() {
    String target = "configFrom: {secretRef: {name: cfg}}\n"
        + "targets: [{name: lb1, url: \"https://lb1:5555/v3\", tls: {serverSpiffeID: \"%s\"}}]\n";
    Commands.Result good = apply(target.formatted("spiffe://example.org/haproxy/lb1"));
    Commands.Result bad = apply(target.formatted("https://example.org/haproxy/lb1"));
    assertThat(good.exitCode()).as(good.output()).isZero();
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.output()).contains("spec.targets[0].tls.serverSpiffeID");
  }

  @Test
  void refusesBothAServerSpiffeIdAndACaSecret() {
    Commands.Result result = apply("configFrom: {secretRef: {name: cfg}}\ntargets: [{name: lb1, url: "
        + "\"https://lb1:5555/v3\", tls: {serverSpiffeID: \"spiffe://example.org/lb1\", caSecretRef: {name: ca}}}]\n");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("verified by serverSpiffeID or by caSecretRef, not both");
  }

  @Test
  void acceptsFilesAndRefusesTheOnesTheOperatorCouldNotPlace() {
    String files = "configFrom: {secretRef: {name: cfg}}\n" + GOOD_TARGET + "files:\n%s";
    Commands.Result good = apply(files.formatted("""
        - {name: site.pem, kind: SSLCertificate, secretRef: {name: site-tls}}
        - {name: hosts.map, kind: Map, configMapRef: {name: routing, key: hosts.map}}
        - {name: auth.lua, kind: General, secretRef: {name: lua, key: auth.lua}}
        """));
    Commands.Result both = apply(files.formatted(
        "- {name: a.map, kind: Map, secretRef: {name: s, key: k}, configMapRef: {name: c, key: k}}\n"));
    Commands.Result certificateFromConfigMap = apply(files.formatted(
        "- {name: site.pem, kind: SSLCertificate, configMapRef: {name: c, key: site.pem}}\n"));
    Commands.Result wholeSecretAsMap = apply(files.formatted("- {name: a.map, kind: Map, secretRef: {name: s}}\n"));
    Commands.Result mapWithoutSuffix = apply(files.formatted(
        "- {name: hosts, kind: Map, configMapRef: {name: c, key: hosts}}\n"));
    Commands.Result duplicate = apply(files.formatted("""
        - {name: a.map, kind: Map, configMapRef: {name: c, key: a}}
        - {name: a.map, kind: Map, configMapRef: {name: c, key: b}}
        """));
    Commands.Result pathInName = apply(files.formatted(
        "- {name: ../etc/passwd, kind: General, configMapRef: {name: c, key: k}}\n"));

    assertThat(good.exitCode()).as(good.output()).isZero();
    assertThat(both.output()).contains("exactly one of secretRef and configMapRef");
    assertThat(certificateFromConfigMap.output()).contains("it comes from a Secret, not a ConfigMap");
    assertThat(wholeSecretAsMap.output()).contains("secretRef without key");
    assertThat(mapWithoutSuffix.output()).contains("a Map's name ends in .map");
    assertThat(duplicate.output()).contains("file names must be unique");
    assertThat(pathInName.output()).contains("spec.files[0].name");
    for (Commands.Result refused : List.of(both, certificateFromConfigMap, wholeSecretAsMap, mapWithoutSuffix,
        duplicate, pathInName)) {
      assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    }
  }

  @Test
  void theTlsTerminationSampleIsAccepted() throws Exception {
    String sample = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("project.basedir", "."),
        "samples", "tls-termination.yaml")).replace("namespace: edge", "namespace: " + namespace);

    Commands.Result result = kube.dryRun(sample);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("haproxyconfig.haproxy.gitops.dev/edge created (server dry run)");
  }

  @Test
  void theDemoSamplesForBothTargetKindsAreAccepted() throws Exception {
    for (String file : List.of("haproxyconfig.yaml", "haproxyconfig-dataplane.yaml")) {
      String sample = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("project.basedir", "."),
          "samples", file)).replace("namespace: demo", "namespace: " + namespace);

      Commands.Result result = kube.dryRun(sample);

      assertThat(result.exitCode()).as(file + ": " + result.output()).isZero();
    }
  }
}
