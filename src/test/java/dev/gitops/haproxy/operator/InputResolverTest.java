package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputResolverTest {

  private static Secret secret(String name, Map<String, byte[]> data) {
    SecretBuilder builder = new SecretBuilder().withNewMetadata().withNamespace("ns").withName(name)
        .addToLabels(InputLabel.KEY, InputLabel.VALUE).endMetadata();
    data.forEach((key, value) -> builder.addToData(key, Base64.getEncoder().encodeToString(value)));
    return builder.build();
  }

  private static InputResolver resolverWith(Secret... secrets) {
    return new InputResolver((namespace, name) -> java.util.Arrays.stream(secrets)
        .filter(s -> s.getMetadata().getName().equals(name)).findFirst(), (namespace, name) -> Optional.empty());
  }

  private static Secret credentials() {
    return secret("creds", Map.of("username", "admin".getBytes(StandardCharsets.UTF_8),
        "password", "pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theConfigIsReadAsBytesExactlyAsInTheSecret() throws Exception {
    byte[] latin1 = "global\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    ResolvedInputs resolved = resolverWith(secret("cfg", Map.of("haproxy.cfg", latin1)), credentials())
        .resolve(Fixtures.resource(1, "lb1"));

    assertThat(resolved.desired().content()).isEqualTo(latin1);
    assertThat(resolved.desired().hash()).isEqualTo(dev.gitops.haproxy.pipeline.ConfigHash.of(latin1));
  }

  @Test
  void anEmptyConfigIsItsOwnReasonNotAMissingSecret() {
    InputResolver resolver = resolverWith(secret("cfg", Map.of("haproxy.cfg", " \n\t\n".getBytes(StandardCharsets.UTF_8))),
        credentials());

    assertThatThrownBy(() -> resolver.resolve(Fixtures.resource(1, "lb1")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.EmptyConfig);
          assertThat(e.getMessage()).isEqualTo("key haproxy.cfg of Secret ns/cfg is empty: an empty haproxy.cfg is "
              + "never applied");
        });
  }

  @Test
  void aSecretWithoutTheInputLabelIsNotReadWhicheverRoleItHas() {
    Secret config = secret("cfg", Map.of("haproxy.cfg", "global\n".getBytes(StandardCharsets.UTF_8)));
    Secret unlabeledCredentials = credentials();
    unlabeledCredentials.getMetadata().getLabels().clear();
    Secret unlabeledConfig = secret("cfg", Map.of("haproxy.cfg", "global\n".getBytes(StandardCharsets.UTF_8)));
    unlabeledConfig.getMetadata().getLabels().put(InputLabel.KEY, "false");

    assertThatThrownBy(() -> resolverWith(unlabeledConfig, credentials()).resolve(Fixtures.resource(1, "lb1")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SecretNotLabeled);
          assertThat(e.getMessage()).isEqualTo("Secret ns/cfg is not labeled haproxy.gitops.dev/input=true, which it "
              + "needs for the operator to read it");
        });
    assertThatThrownBy(() -> resolverWith(config, unlabeledCredentials).resolve(Fixtures.resource(1, "lb1")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SecretNotLabeled);
          assertThat(e.getMessage()).startsWith("credentials Secret ns/creds of target lb1 is not labeled");
        });
  }

  @Test
  void aMissingSecretOrKeyIsSecretNotFoundNamingIt() {
    assertThatThrownBy(() -> resolverWith(credentials()).resolve(Fixtures.resource(1, "lb1")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SecretNotFound);
          assertThat(e.getMessage()).isEqualTo("Secret ns/cfg not found");
        });
    assertThatThrownBy(() -> resolverWith(secret("cfg", Map.of("other", new byte[] {1})), credentials())
        .resolve(Fixtures.resource(1, "lb1")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("has no key "
            + "haproxy.cfg"));
  }

  @Test
  void aMissingOrIncompleteCredentialsSecretIsSecretNotFoundNamingItAndTheTarget() {
    Secret config = secret("cfg", Map.of("haproxy.cfg", "global\n".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> resolverWith(config).resolve(Fixtures.resource(1, "lb1")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SecretNotFound);
          assertThat(e.getMessage()).contains("credentials Secret ns/creds of target lb1");
        });
    Secret withoutPassword = secret("creds", Map.of("username", "admin".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> resolverWith(config, withoutPassword).resolve(Fixtures.resource(1, "lb1")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SecretNotFound);
          assertThat(e.getMessage()).contains("credentials Secret ns/creds of target lb1").contains("password");
        });
  }
}
