package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.Target;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {

  @Test
  void indexesTheConfigSecretAndEveryCredentialsSecretOnce() {
    HAProxyConfig resource = Fixtures.resource(1, "lb1", "lb2");
    resource.getSpec().getTargets().add(new Target("lb3", "http://x/v3", new LocalObjectReference("other-creds")));

    assertThat(SecretReferences.keysOf(resource)).containsExactly("ns/cfg", "ns/creds", "ns/other-creds");
  }

  @Test
  void secretKeyMatchesTheIndexKey() {
    var secret = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("cfg").endMetadata().build();

    assertThat(SecretReferences.keysOf(Fixtures.resource(1, "lb1"))).contains(SecretReferences.keyOf(secret));
  }
}
