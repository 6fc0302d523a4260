package dev.gitops.haproxy.operator;

import static dev.gitops.haproxy.tls.TestCertificates.keyPair;
import static dev.gitops.haproxy.tls.TestCertificates.pem;
import static dev.gitops.haproxy.tls.TestCertificates.selfSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.ConfigMapKeySelector;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileSecretSelector;
import dev.gitops.haproxy.pipeline.DesiredFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileResolverTest {

  private static final Instant NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");
  private final Map<String, Secret> secrets = new HashMap<>();
  private final Map<String, ConfigMap> configMaps = new HashMap<>();
  private final FileResolver resolver = new FileResolver((ns, name) -> Optional.ofNullable(secrets.get(name)),
      (ns, name) -> Optional.ofNullable(configMaps.get(name)));

  private void secret(String name, Map<String, String> data) {
    Map<String, String> encoded = new HashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    secrets.put(name, new SecretBuilder().withNewMetadata().withName(name).addToLabels(InputLabel.KEY, InputLabel.VALUE)
        .endMetadata().withData(encoded).build());
  }

  private static ConfigFile tlsFile(String secret) {
    return new ConfigFile("site.pem", FileKind.SSLCertificate, new FileSecretSelector(secret, null), null);
  }

  @Test
  void aTlsSecretBecomesOnePemOfCertificateChainAndKey() throws Exception {
    KeyPair keys = keyPair("EC");
    String certificate = pem(selfSigned("site.example", keys, NOT_AFTER));
    String ca = pem(selfSigned("ca", keyPair("EC"), NOT_AFTER));
    String key = pem(keys.getPrivate());
    secret("site-tls", Map.of("tls.crt", certificate, "tls.key", key, "ca.crt", ca));

    DesiredFile file = resolver.resolve("ns", List.of(tlsFile("site-tls"))).get(0);

    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo(certificate + ca + key);
    assertThat(file.notAfter()).contains(NOT_AFTER);
    assertThat(file.toString()).isEqualTo("DesiredFile[SSLCertificate site.pem, " + file.hash() + "]");
  }

  @Test
  void aSelfSignedCertificateIsServedOnceEvenThoughCaCrtRepeatsIt() throws Exception {
    KeyPair keys = keyPair("RSA");
    String certificate = pem(selfSigned("site.example", keys, NOT_AFTER));
    String key = pem(keys.getPrivate());
    secret("site-tls", Map.of("tls.crt", certificate, "tls.key", key, "ca.crt", certificate));

    DesiredFile file = resolver.resolve("ns", List.of(tlsFile("site-tls"))).get(0);

    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo(certificate + key);
  }

  @Test
  void aMismatchedKeyIsRefusedBeforeAnythingIsUploadedAndTheMessageHoldsNoKey() throws Exception {
    String certificate = pem(selfSigned("site.example", keyPair("EC"), NOT_AFTER));
    String otherKey = pem(keyPair("EC").getPrivate());
    secret("site-tls", Map.of("tls.crt", certificate, "tls.key", otherKey));

    assertThatThrownBy(() -> resolver.resolve("ns", List.of(tlsFile("site-tls"))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).reason()).isEqualTo(Reason.InvalidCertificate))
        .hasMessage("file site.pem (Secret ns/site-tls): the private key does not belong to the certificate "
            + "CN=site.example");
  }

  @Test
  void missingSourcesNameWhatIsMissing() {
    configMaps.put("routing", new ConfigMapBuilder().withNewMetadata().withName("routing")
        .addToLabels(InputLabel.KEY, InputLabel.VALUE).endMetadata()
        .withData(Map.of("other.map", "x y\n")).build());

    assertThatThrownBy(() -> resolver.resolve("ns", List.of(tlsFile("nope"))))
        .hasMessage("Secret ns/nope of file site.pem not found")
        .satisfies(e -> assertThat(((InvalidInputException) e).reason()).isEqualTo(Reason.SecretNotFound));
    assertThatThrownBy(() -> resolver.resolve("ns", List.of(new ConfigFile("hosts.map", FileKind.Map, null,
        new ConfigMapKeySelector("routing", "hosts.map")))))
        .hasMessage("ConfigMap ns/routing of file hosts.map has no key hosts.map")
        .satisfies(e -> assertThat(((InvalidInputException) e).reason()).isEqualTo(Reason.ConfigMapNotFound));
    assertThatThrownBy(() -> resolver.resolve("ns", List.of(new ConfigFile("hosts.map", FileKind.Map, null,
        new ConfigMapKeySelector("absent", "hosts.map")))))
        .hasMessage("ConfigMap ns/absent of file hosts.map not found");
  }

  @Test
  void sourcesWithoutTheInputLabelAreNotRead() {
    secret("site-tls", Map.of("tls.crt", "x", "tls.key", "y"));
    secrets.get("site-tls").getMetadata().setLabels(null);
    configMaps.put("routing", new ConfigMapBuilder().withNewMetadata().withName("routing").endMetadata()
        .withData(Map.of("hosts.map", "a.example be1\n")).build());

    assertThatThrownBy(() -> resolver.resolve("ns", List.of(tlsFile("site-tls"))))
        .hasMessage("Secret ns/site-tls of file site.pem is not labeled haproxy.gitops.dev/input=true, which it needs "
            + "for the operator to read it")
        .satisfies(e -> assertThat(((InvalidInputException) e).reason()).isEqualTo(Reason.SecretNotLabeled));
    assertThatThrownBy(() -> resolver.resolve("ns", List.of(new ConfigFile("hosts.map", FileKind.Map, null,
        new ConfigMapKeySelector("routing", "hosts.map")))))
        .hasMessageStartingWith("ConfigMap ns/routing of file hosts.map is not labeled")
        .satisfies(e -> assertThat(((InvalidInputException) e).reason()).isEqualTo(Reason.ConfigMapNotLabeled));
  }

  @Test
  void mapsAndGeneralFilesAreTakenAsTheyAre() throws Exception {
    configMaps.put("routing", new ConfigMapBuilder().withNewMetadata().withName("routing")
        .addToLabels(InputLabel.KEY, InputLabel.VALUE).endMetadata()
        .withData(Map.of("hosts.map", "a.example be1\n")).build());
    secret("lua", Map.of("auth.lua", "core.register_action('x', {}, function() end)\n"));

    List<DesiredFile> files = resolver.resolve("ns", List.of(
        new ConfigFile("hosts.map", FileKind.Map, null, new ConfigMapKeySelector("routing", "hosts.map")),
        new ConfigFile("auth.lua", FileKind.General, new FileSecretSelector("lua", "auth.lua"), null)));

    assertThat(new String(files.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("a.example be1\n");
    assertThat(files.get(1).notAfter()).isEmpty();
    assertThat(files.get(1).hash()).startsWith("sha256:");
  }
}
