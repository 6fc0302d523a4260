package dev.gitops.haproxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gitops.haproxy.TestConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The default policy must not refuse what the repository itself ships and runs: the samples, the
 * development and demo configs, the configs embedded in sample manifests, and what the behaviour
 * tests send to HAProxy. Not the real-style test configs, which break rules on purpose.
 */
class RepositoryConfigsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path ON_PURPOSE = ROOT.resolve("src/test/resources/configs");

  private static Map<String, byte[]> repositoryConfigs() throws IOException {
    Map<String, byte[]> configs = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(RepositoryConfigsTest::shipped).toList()) {
        String name = ROOT.relativize(file).toString();
        if (name.endsWith(".cfg")) {
          configs.put(name, Files.readAllBytes(file));
        } else {
          embedded(file).forEach((key, config) -> configs.put(name + " " + key, config));
        }
      }
    }
    configs.put("TestConfigs.respondingWith", TestConfigs.respondingWith(8080, "ok").getBytes(StandardCharsets.UTF_8));
    return configs;
  }

  private static boolean shipped(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && !file.startsWith(ROOT.resolve("target"))
        && !file.startsWith(ROOT.resolve(".git"))
        && !file.startsWith(ON_PURPOSE) && (name.endsWith(".cfg") || (name.endsWith(".yaml")
        && file.startsWith(ROOT.resolve("samples"))));
  }

  /** The haproxy.cfg keys of the Secrets in a manifest (stringData, as samples write them). */
  private static Map<String, byte[]> embedded(Path manifest) throws IOException {
    Map<String, byte[]> configs = new LinkedHashMap<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> documents = yaml.readValues(yaml.getFactory().createParser(manifest.toFile()), JsonNode.class)
        .readAll();
    for (JsonNode document : documents) {
      JsonNode config = document == null ? null : document.path("stringData").get("haproxy.cfg");
      if (config != null) {
        configs.put(document.path("metadata").path("name").asText(), config.asText().getBytes(StandardCharsets.UTF_8));
      }
    }
    return configs;
  }

  @Test
  void everyConfigOfTheRepositoryPassesTheDefaultPolicy() throws IOException {
    Map<String, byte[]> configs = repositoryConfigs();
    Policy policy = PolicyFile.builtIn();

    assertThat(configs.keySet()).contains("samples/haproxy.cfg", "dev/rig-initial.cfg",
        "dev/external-haproxy-service/haproxy.cfg", "samples/flux/haproxy-config/haproxy.cfg",
        "samples/tls-termination.yaml haproxy-config");
    configs.forEach((name, config) -> assertThat(policy.check(config)).as(name).isEmpty());
  }
}
