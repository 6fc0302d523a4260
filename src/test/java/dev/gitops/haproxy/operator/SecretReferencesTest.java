package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.TargetTls;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {

  @Test
  void indexesTheConfigSecretAndEveryCredentialsSecretOnce() {
    HAProxyConfig resource = Fixtures.resource(1, "lb1", "lb2");
    Target lb3 = new Target("lb3", "https://x/v3", new LocalObjectReference("other-creds"));
    lb3.setTls(new TargetTls(new LocalObjectReference("lb3-ca")));
    resource.getSpec().getTargets().add(lb3);

    assertThat(SecretReferences.keysOf(resource)).containsExactly("ns/cfg", "ns/creds", "ns/other-creds", "ns/lb3-ca");
  }

  @Test
  void secretKeyMatchesTheIndexKey() {
    var secret = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("cfg").endMetadata().build();

    assertThat(SecretReferences.keysOf(Fixtures.resource(1, "lb1"))).contains(SecretReferences.keyOf(secret));
  }
}
