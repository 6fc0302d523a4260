package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.ConfigMapKeySelector;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileSecretSelector;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.TargetTls;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencesTest {

  @Test
  void indexesEverySecretTheResourceReferencesOnce() {
    HAProxyConfig resource = Fixtures.resource(1, "lb1", "lb2");
    Target lb3 = new Target("lb3", "https://x/v3", new LocalObjectReference("other-creds"));
    lb3.setTls(new TargetTls(new LocalObjectReference("lb3-ca")));
    resource.getSpec().getTargets().add(lb3);
    resource.getSpec().setFiles(List.of(
        new ConfigFile("site.pem", FileKind.SSLCertificate, new FileSecretSelector("site-tls", null), null),
        new ConfigFile("hosts.map", FileKind.Map, null, new ConfigMapKeySelector("routing", "hosts.map")),
        new ConfigFile("ca.pem", FileKind.General, new FileSecretSelector("creds", "ca.pem"), null)));

    assertThat(References.secretKeysOf(resource))
        .containsExactly("ns/cfg", "ns/creds", "ns/other-creds", "ns/lb3-ca", "ns/site-tls");
    assertThat(References.configMapKeysOf(resource)).containsExactly("ns/routing");
  }

  @Test
  void objectKeysMatchTheIndexKeys() {
    var secret = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("cfg").endMetadata().build();
    var configMap = new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("routing").endMetadata().build();
    HAProxyConfig resource = Fixtures.resource(1, "lb1");
    resource.getSpec().setFiles(List.of(
        new ConfigFile("hosts.map", FileKind.Map, null, new ConfigMapKeySelector("routing", "hosts.map"))));

    assertThat(References.secretKeysOf(resource)).contains(References.keyOf(secret));
    assertThat(References.configMapKeysOf(resource)).contains(References.keyOf(configMap));
  }
}
