package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.ConfigMapKeySelector;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileSecretSelector;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.files against real HAProxy, co-located ({@link FilesColocatedIT}) or behind the Data Plane
 * API ({@link FilesDataplaneIT}): certificates from kubernetes.io/tls Secrets served by HAProxy,
 * maps from ConfigMaps routing requests, files removed when the spec drops them. What HAProxy
 * serves is checked from outside, with openssl and HTTP requests.
 */
abstract class FilesScenarios extends OneLoadBalancer {

  @TempDir
  static Path pkiDirectory;
  private static TestPki pki;
  private TestKubernetes kube;
  private KubernetesClient client;
  private HAProxyOperator operator;
  private final OperatorTestSupport support = new OperatorTestSupport(TestKubernetes.get().client());
  private String namespace;
  private int port;
  private int tlsPort;

  /** After the load balancer is up ({@link OneLoadBalancer}'s {@code @BeforeAll} runs first). */
  @BeforeAll
  void startTheOperator() throws IOException {
    if (rig == null) {
      return;
    }
    pki = new TestPki(pkiDirectory).ca("ca")
        .leaf("site", "ca", "127.0.0.1")
        .leaf("site-renewed", "ca", "127.0.0.1")
        .leaf("other", "ca", "127.0.0.1");
    kube = TestKubernetes.get();
    client = kube.client();
    operator = HAProxyOperator.start(client, OperatorTestSupport.onTheRigs(Set.of(), rig.declared()));
  }

  @AfterAll
  void stopTheOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    skipWhereTheKindCannotRun();
    namespace = support.namespace("files");
    port = DataplaneRig.freePort();
    tlsPort = DataplaneRig.freePort();
    rig.grantAccess(support, namespace);
  }

  @AfterEach
  void deleteResources() {
    if (namespace != null) {
      support.deleteAll(namespace);
    }
  }

  /** Where the load balancer keeps each kind of file (its storage directories). */
  private Path stored(FileKind kind, String name) {
    return rig.storageDirectory(kind).resolve(name);
  }

  private String config(String... frontendLines) {
    return OperatorTestSupport.GLOBAL_AND_DEFAULTS + """
        frontend web
            bind 127.0.0.1:%d
        %s
            default_backend be_default

        backend be_default
            http-request return status 200 content-type text/plain string "default"

        backend be_one
            http-request return status 200 content-type text/plain string "one"

        backend be_two
            http-request return status 200 content-type text/plain string "two"
        """.formatted(port, String.join("\n", frontendLines).indent(4).stripTrailing());
  }

  private void tlsSecret(String name, String certificate, String key) throws IOException {
    client.resource(new SecretBuilder().withMetadata(OperatorTestSupport.input(namespace, name))
        .withType("kubernetes.io/tls")
        .withStringData(Map.of("tls.crt", Files.readString(pki.file(certificate + ".crt")),
            "tls.key", Files.readString(pki.file(key + ".key")),
            "ca.crt", Files.readString(pki.file("ca.crt"))))
        .build()).serverSideApply();
  }

  private void configMap(String name, String key, String content) {
    client.resource(new ConfigMapBuilder().withMetadata(OperatorTestSupport.input(namespace, name))
        .withData(Map.of(key, content)).build()).serverSideApply();
  }

  private void haproxyConfig(String config, ConfigFile... files) {
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config);
    HAProxyConfig resource = support.haproxyConfigResource(namespace, "edge", "edge-cfg",
        rig.target("lb1"));
    resource.getSpec().setFiles(List.of(files));
    client.resource(resource).serverSideApply();
  }

  /** Ready with {@code config}, and every listed file at the hash its content has. */
  private HAProxyConfigStatus awaitLive(String config, Map<String, String> fileContents) {
    Predicate<HAProxyConfigStatus> filesInPlace = s -> fileContents.entrySet().stream().allMatch(expected ->
        s.files().stream().anyMatch(f -> f.name().equals(expected.getKey())
            && f.hash().equals(ConfigHash.of(expected.getValue().getBytes(StandardCharsets.UTF_8)))));
    return support.awaitStatus(namespace, "edge", OperatorTestSupport.readyWith(ConfigHash.of(config))
        .and(filesInPlace).and(s -> s.files().size() == fileContents.size()));
  }

  /** The serial number of the certificate HAProxy presents on {@code tlsPort}, read with openssl. */
  private String presentedSerial() {
    Commands.Result result = Commands.run(List.of("sh", "-c", "openssl s_client -connect 127.0.0.1:" + tlsPort
        + " </dev/null 2>/dev/null | openssl x509 -noout -serial"), null);
    return result.output().trim();
  }

  private static String serialOf(String certificate) {
    return Commands.run(List.of("openssl", "x509", "-noout", "-serial", "-in", pki.file(certificate + ".crt").toString()),
        null).output().trim();
  }

  private static String pem(String certificate, String key) throws IOException {
    return Files.readString(pki.file(certificate + ".crt")) + Files.readString(pki.file("ca.crt"))
        + Files.readString(pki.file(key + ".key"));
  }

  @Test
  void aCertificateFromATlsSecretIsServedAndItsRenewalToo() throws Exception {
    tlsSecret("site-tls", "site", "site");
    String config = config("bind 127.0.0.1:" + tlsPort + " ssl crt " + stored(FileKind.SSLCertificate, "site.pem"));
    haproxyConfig(config, new ConfigFile("site.pem", FileKind.SSLCertificate, new FileSecretSelector("site-tls", null),
        null));

    HAProxyConfigStatus status = awaitLive(config, Map.of("site.pem", pem("site", "site")));
    FileStatus file = status.files().get(0);
    assertThat(file.path()).isEqualTo(stored(FileKind.SSLCertificate, "site.pem").toString());
    assertThat(file.notAfter()).isNotNull();
    assertThat(presentedSerial()).isEqualTo(serialOf("site"));

    // cert-manager renews the Secret: the config is unchanged, the operator reloads HAProxy.
    tlsSecret("site-tls", "site-renewed", "site-renewed");
    awaitLive(config, Map.of("site.pem", pem("site-renewed", "site-renewed")));
    await().atMost(Duration.ofSeconds(10)).until(() -> presentedSerial().equals(serialOf("site-renewed")));
  }

  @Test
  void unchangedFilesAreNotUploadedAgain() throws Exception {
    tlsSecret("site-tls", "site", "site");
    configMap("routing", "paths.map", "/a be_one\n");
    String config = config("bind 127.0.0.1:" + tlsPort + " ssl crt " + stored(FileKind.SSLCertificate, "site.pem"),
        "use_backend %[path,map(" + stored(FileKind.Map, "paths.map") + ",be_default)]");
    haproxyConfig(config,
        new ConfigFile("site.pem", FileKind.SSLCertificate, new FileSecretSelector("site-tls", null), null),
        new ConfigFile("paths.map", FileKind.Map, null, new ConfigMapKeySelector("routing", "paths.map")));
    awaitLive(config, Map.of("site.pem", pem("site", "site"), "paths.map", "/a be_one\n"));
    // Both kinds write a file by renaming a new one over it: a new inode is a write.
    Object certificateInode = Files.getAttribute(stored(FileKind.SSLCertificate, "site.pem"), "unix:ino");
    Object mapInode = Files.getAttribute(stored(FileKind.Map, "paths.map"), "unix:ino");
    long version = rig.applies();

    for (String requestedAt : List.of("first", "second")) {
      Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
          HAProxyConfig.REQUESTED_AT_ANNOTATION + "=" + requestedAt);
      assertThat(annotate.exitCode()).as(annotate.output()).isZero();
      support.awaitStatus(namespace, "edge", s -> requestedAt.equals(s.lastHandledReconcileAt()));
    }

    assertThat(Files.getAttribute(stored(FileKind.SSLCertificate, "site.pem"), "unix:ino")).isEqualTo(certificateInode);
    assertThat(Files.getAttribute(stored(FileKind.Map, "paths.map"), "unix:ino")).isEqualTo(mapInode);
    assertThat(rig.applies()).isEqualTo(version);
  }

  @Test
  void aMapFromAConfigMapRoutesRequestsAndEditingItReroutes() {
    configMap("routing", "paths.map", "/a be_one\n/b be_two\n");
    String config = config("use_backend %[path,map(" + stored(FileKind.Map, "paths.map") + ",be_default)]");
    haproxyConfig(config, new ConfigFile("paths.map", FileKind.Map, null,
        new ConfigMapKeySelector("routing", "paths.map")));
    awaitLive(config, Map.of("paths.map", "/a be_one\n/b be_two\n"));
    assertThat(rig.get(port, "/a")).isEqualTo("one");
    assertThat(rig.get(port, "/b")).isEqualTo("two");
    assertThat(rig.get(port, "/c")).isEqualTo("default");

    configMap("routing", "paths.map", "/a be_two\n");

    awaitLive(config, Map.of("paths.map", "/a be_two\n"));
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.get(port, "/a").equals("two"));
    assertThat(rig.get(port, "/b")).isEqualTo("default");
  }

  @Test
  void aFileDroppedFromTheSpecLeavesTheTargetOnceTheConfigWithoutItIsLive() {
    configMap("lists", "blocked.lst", "/admin\n");
    Path blocked = stored(FileKind.General, "blocked.lst");
    String withList = config("acl blocked path -f " + blocked, "http-request deny if blocked");
    haproxyConfig(withList, new ConfigFile("blocked.lst", FileKind.General, null,
        new ConfigMapKeySelector("lists", "blocked.lst")));
    awaitLive(withList, Map.of("blocked.lst", "/admin\n"));
    assertThat(rig.get(port, "/admin")).contains("403");
    assertThat(blocked).exists();

    String without = config();
    haproxyConfig(without);

    HAProxyConfigStatus status = awaitLive(without, Map.of());
    assertThat(rig.get(port, "/admin")).isEqualTo("default");
    assertThat(blocked).doesNotExist();
    assertThat(status.target("lb1").orElseThrow().files()).isNull();
  }

  @Test
  void aKeyThatDoesNotBelongToTheCertificateIsRefusedWithNothingUploaded() throws Exception {
    tlsSecret("site-tls", "site", "other");
    long version = rig.applies();
    String config = config("bind 127.0.0.1:" + tlsPort + " ssl crt " + stored(FileKind.SSLCertificate, "mismatch.pem"));
    haproxyConfig(config, new ConfigFile("mismatch.pem", FileKind.SSLCertificate,
        new FileSecretSelector("site-tls", null), null));

    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge",
        condition("Stalled", "True", "InvalidCertificate"));

    assertThat(status.condition("Ready").orElseThrow().getMessage())
        .contains("file mismatch.pem (Secret " + namespace + "/site-tls): the private key does not belong to the "
            + "certificate CN=site")
        .doesNotContain("PRIVATE KEY");
    assertThat(stored(FileKind.SSLCertificate, "mismatch.pem")).doesNotExist();
    assertThat(rig.applies()).isEqualTo(version);
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "InvalidCertificate")).hasSize(1);
  }
}
