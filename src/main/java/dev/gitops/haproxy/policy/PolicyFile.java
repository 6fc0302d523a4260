package dev.gitops.haproxy.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a {@link Policy} from YAML: {@code rules:}, a list of rules whose {@code kind} is one of
 * DenySection, DenyDirective, RequireDirective, MaxValue (see README, "Policy").
 * Unknown fields are errors, so that a typo cannot silently disable a rule.
 */
public final class PolicyFile {

  /** The policy in the jar, which applies unless another is given. */
  public static final String DEFAULT_RESOURCE = "default-policy.yaml";

  /** Made on the first policy read from YAML, not on {@link #builtIn()}: it loads most of Jackson. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** The file's shape. */
  private record Document(List<Rule> rules) {
    @JsonCreator
    Document(@JsonProperty(value = "rules", required = true) List<Rule> rules) {
      this.rules = rules == null ? List.of() : rules;
    }
  }

  private PolicyFile() {
  }

  /**
   * The default policy: what {@link #DEFAULT_RESOURCE} in the jar says (its comments and the
   * README say why), built in code so that a one-shot command does not load a YAML parser for it.
   */
  public static Policy builtIn() {
    return DefaultPolicy.POLICY;
  }

  /** The policy in {@code file}; an IllegalArgumentException says what is wrong with it, and where. */
  public static Policy load(Path file) {
    byte[] yaml;
    try {
      yaml = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    return parse(yaml, file.toString());
  }

  /** The policy in {@code yaml} (a ConfigMap's value, say); {@code origin} names it in messages. */
  public static Policy parse(byte[] yaml, String origin) {
    Document document = null;
    try {
      if (!new String(yaml, StandardCharsets.UTF_8).isBlank()) {
        document = Yaml.MAPPER.readValue(yaml, Document.class);
      }
    } catch (ValueInstantiationException e) {
      throw new IllegalArgumentException(origin + where(e.getLocation()) + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(origin + where(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage());
    }
    if (document == null) {
      throw new IllegalArgumentException(origin + ": empty; a policy has rules: (an empty list allows everything)");
    }
    try {
      return new Policy(origin, document.rules());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? "" : ", line " + location.getLineNr();
  }
}
