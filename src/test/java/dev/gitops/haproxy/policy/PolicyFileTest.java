package dev.gitops.haproxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.config.SectionKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {

  @TempDir
  Path directory;

  private static Policy parse(String yaml) {
    return PolicyFile.parse(yaml.getBytes(StandardCharsets.UTF_8), "policy.yaml");
  }

  @Test
  void everyKindOfRuleIsRead() {
    Policy policy = parse("""
        rules:
          - {id: a, kind: DenySection, section: http-errors, reason: why}
          - {id: b, kind: DenyDirective, directive: lua-load, sections: [global, defaults]}
          - {id: c, kind: RequireDirective, directive: timeout client, sections: [frontend], inherited: true}
          - {id: d, kind: MaxValue, directive: maxconn, max: 100000}
          - {id: e, kind: DenyDirective, directive: stats socket, unlessLocal: true}
        """);

    assertThat(policy.rules()).hasSize(5);
    assertThat(policy.rules().get(0)).isEqualTo(new DenySection("a", SectionKind.HTTP_ERRORS, "why"));
    assertThat(((DenyDirective) policy.rules().get(1)).sections()).containsExactly(SectionKind.GLOBAL,
        SectionKind.DEFAULTS);
    assertThat(((RequireDirective) policy.rules().get(2)).inherited()).isTrue();
    assertThat(((RequireDirective) policy.rules().get(2)).directive().words()).containsExactly("timeout", "client");
    assertThat(((MaxValue) policy.rules().get(3)).max()).isEqualTo(100000L);
    assertThat(((DenyDirective) policy.rules().get(4)).unlessLocal()).isTrue();
    assertThat(((DenyDirective) policy.rules().get(1)).unlessLocal()).isFalse();
    assertThat(policy.origin()).isEqualTo("policy.yaml");
  }

  @Test
  void anEmptyListAllowsEverything() {
    assertThat(parse("rules: []\n").rules()).isEmpty();
  }

  @Test
  void mistakesAreErrorsThatSayWhere() {
    assertRefused("rules:\n  - {id: a, kind: DenyEverything}\n", "policy.yaml, line 2: ", "DenyEverything");
    assertRefused("rules:\n  - id: a\n    kind: DenyDirective\n    directive: lua-load\n    section: global\n",
        "policy.yaml, line ", "\"section\"");
    assertRefused("rules:\n  - {kind: DenySection, section: program}\n", "rule without an id: needs an id");
    assertRefused("rules:\n  - {id: a, kind: DenySection, section: programs}\n", "unknown section kind 'programs'");
    assertRefused("rules:\n  - {id: a, kind: RequireDirective, directive: mode}\n",
        "rule 'a': RequireDirective needs the sections");
    assertRefused("rules:\n  - {id: a, kind: DenySection, section: program}\n"
        + "  - {id: a, kind: DenySection, section: cache}\n", "policy.yaml: two rules have the id 'a'");
    assertRefused("", "empty");
    assertRefused("rule: []\n", "'rules'");
  }

  private static void assertRefused(String yaml, String... fragments) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
  }

  @Test
  void aFileOnDisk() throws IOException {
    Path file = Files.writeString(directory.resolve("p.yaml"),
        "rules:\n  - {id: a, kind: DenySection, section: ring}\n");

    assertThat(PolicyFile.load(file).origin()).isEqualTo(file.toString());
    assertThatThrownBy(() -> PolicyFile.load(directory.resolve("none.yaml"))).hasMessageStartingWith("no such file");
  }

  @Test
  void theDefaultPolicyIsInTheJar() {
    Policy builtIn = PolicyFile.builtIn();

    assertThat(builtIn.origin()).isEqualTo("the default policy");
    assertThat(builtIn.rules()).extracting(Rule::id).contains("no-program-sections", "no-lua-load",
        "stats-socket-on-loopback", "timeout-client");
    assertThat(builtIn.rules()).allMatch(rule -> rule.reason() != null && !rule.reason().isBlank());
  }
}
