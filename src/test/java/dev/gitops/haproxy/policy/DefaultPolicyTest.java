package dev.gitops.haproxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gitops.haproxy.config.TestConfigFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each rule of the default policy in the jar, on the line it must name. */
class DefaultPolicyTest {

  private static final Policy DEFAULT = PolicyFile.builtIn();

  private static final String SAFE = """
      global
          log stderr format short local0 notice
          user haproxy
          stats socket /run/haproxy/admin.sock level admin

      defaults
          mode http
          timeout connect 5s
          timeout client 30s
          timeout server 30s

      frontend web
          bind :80
          default_backend app

      backend app
          server app1 10.0.0.1:8080 check
      """;

  private static List<Violation> check(String config) {
    return DEFAULT.check(config.getBytes(StandardCharsets.UTF_8));
  }

  /** The safe config with {@code line} added after the line {@code after}, and the number of the new line. */
  private static List<Violation> withLine(String after, String line) {
    assertThat(SAFE).contains("\n" + after + "\n");
    return check(SAFE.replace("\n" + after + "\n", "\n" + after + "\n" + line + "\n"));
  }

  private static int lineAfter(String after) {
    return SAFE.lines().toList().indexOf(after) + 2;
  }

  private static void assertOnly(List<Violation> violations, String rule, int line, String... fragments) {
    assertThat(violations).extracting(Violation::rule, Violation::line).containsExactly(tuple(rule, line));
    for (String fragment : fragments) {
      assertThat(violations.get(0).message()).contains(fragment);
    }
  }

  /**
   * The policy in code is the one {@code default-policy.yaml} documents, rule for rule: the file is
   * what administrators copy, the code what {@code validate} checks without a YAML parser.
   */
  @Test
  void theBuiltInPolicyIsTheFileInTheJar() throws Exception {
    byte[] file;
    try (var in = PolicyFile.class.getResourceAsStream(PolicyFile.DEFAULT_RESOURCE)) {
      file = in.readAllBytes();
    }
    Policy documented = PolicyFile.parse(file, DEFAULT.origin());

    assertThat(DEFAULT.rules()).hasSize(documented.rules().size());
    for (int i = 0; i < documented.rules().size(); i++) {
      assertThat(DEFAULT.rules().get(i)).as("rule %d", i + 1).isEqualTo(documented.rules().get(i));
    }
    assertThat(DEFAULT).isEqualTo(documented);
  }

  /** The README's table of the default rules names each of them, and no other. */
  @Test
  void theReadmeListsEveryDefaultRule() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String table = readme.substring(readme.indexOf("| rule | what | why |"));
    List<String> listed = table.substring(0, table.indexOf("\n\n")).lines().skip(2)
        .map(row -> row.split("\\|")[1])
        .flatMap(ids -> Pattern.compile("`([^`]+)`").matcher(ids).results().map(m -> m.group(1)))
        .toList();

    assertThat(listed).containsExactlyInAnyOrderElementsOf(DEFAULT.rules().stream().map(Rule::id).toList());
  }

  @Test
  void aSafeConfigHasNoViolation() {
    assertThat(check(SAFE)).isEmpty();
  }

  @Test
  void programSections() {
    List<Violation> violations = check(SAFE + "\nprogram exporter\n    command /usr/local/bin/exporter\n");

    assertOnly(violations, "no-program-sections", SAFE.lines().toList().size() + 2,
        "section 'program exporter' is not allowed (policy rule 'no-program-sections': a program section");
  }

  @Test
  void codeAndCommandsOnTheHost() {
    Map<String, String> globalLines = Map.of(
        "    external-check", "no-external-check",
        "    insecure-fork-wanted", "no-insecure-fork-wanted",
        "    insecure-setuid-wanted", "no-insecure-setuid-wanted",
        "    lua-load /etc/haproxy/auth.lua", "no-lua-load",
        "    lua-load-per-thread /etc/haproxy/auth.lua", "no-lua-load-per-thread");
    globalLines.forEach((line, rule) -> assertOnly(withLine("    user haproxy", line), rule,
        lineAfter("    user haproxy"), "'" + line.strip() + "' in section 'global' is not allowed"));
    Map<String, String> backendLines = Map.of(
        "    option external-check", "no-option-external-check",
        "    external-check command /bin/true", "no-external-check");
    backendLines.forEach((line, rule) -> assertOnly(withLine("backend app", line), rule, lineAfter("backend app"),
        "'" + line.strip() + "' in section 'backend app' is not allowed"));
  }

  @Test
  void root() {
    assertOnly(check(SAFE.replace("    user haproxy", "    user root")), "no-user-root", 3, "run as root");
    assertOnly(check(SAFE.replace("    user haproxy", "    uid 0")), "no-uid-0", 3);
    // HAProxy reads uid as a number: these are root too.
    assertOnly(check(SAFE.replace("    user haproxy", "    uid 00")), "no-uid-0", 3);
    assertOnly(check(SAFE.replace("    user haproxy", "    uid +0")), "no-uid-0", 3);
    assertThat(check(SAFE.replace("    user haproxy", "    uid 99"))).isEmpty();
  }

  @Test
  void whatAnEnvironmentVariableHidesIsRefused() {
    // HAProxy expands "$K" while it parses, keyword included: the policy cannot know what runs.
    assertOnly(check(SAFE.replace("    user haproxy", "    setenv K lua-load\n    \"$K\" /tmp/evil.lua")),
        Policy.HIDDEN_KEYWORD, 4, "environment variable");
    assertOnly(check(SAFE + "\"$P\" evil\n    command /bin/sh\n"), Policy.HIDDEN_KEYWORD,
        (int) SAFE.lines().count() + 1);
    // A value from a variable may be the denied one.
    assertOnly(check(SAFE.replace("    user haproxy", "    user \"$U\"")), "no-user-root", 3);
    assertThat(Policy.NONE.check(("global\n    \"$K\" x\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void aStatsSocketOnANetworkAddress() {
    for (String address : List.of("ipv4@0.0.0.0:9999", ":9999", "10.0.0.5:9999", "*:9999", "ipv6@:::9999",
        "127.0.0.1:9999,10.0.0.5:9999")) {
      assertOnly(check(SAFE.replace("/run/haproxy/admin.sock", address)), "stats-socket-on-loopback", 4,
          "listens on an address other hosts can reach");
    }
    for (String address : List.of("127.0.0.1:9999", "ipv4@127.0.0.1:9999", "[::1]:9999", "ipv6@::1:9999",
        "unix@/run/a.sock", "abns@haproxy", "fd@3", "localhost:9999")) {
      assertThat(check(SAFE.replace("/run/haproxy/admin.sock", address))).as(address).isEmpty();
    }
    assertOnly(check(SAFE.replace("/run/haproxy/admin.sock", "\"${STATS_ADDR}\"")), "stats-socket-on-loopback", 4,
        "cannot be checked");
  }

  @Test
  void timeoutsOwnOrInheritedFromTheDefaultsTheProxyUses() {
    List<Violation> violations = check(SAFE.replace("    timeout client 30s\n", "")
        .replace("    timeout server 30s\n", ""));

    assertThat(violations).extracting(Violation::rule, Violation::line).containsExactly(
        tuple("timeout-client", 10), tuple("timeout-server", 14));
    assertThat(violations.get(0).message()).startsWith(
        "section 'frontend web' has no 'timeout client', neither itself nor from its defaults section");
    assertThat(check(SAFE.replace("    timeout client 30s\n", "").replace("    bind :80\n",
        "    bind :80\n    timeout client 5s\n"))).isEmpty();
  }

  @Test
  void theRealStyleConfigsBreakExactlyTheRulesTheyShould() {
    List<Violation> edge = DEFAULT.check(TestConfigFiles.bytes(TestConfigFiles.EDGE));
    List<Violation> legacy = DEFAULT.check(TestConfigFiles.bytes(TestConfigFiles.LEGACY));

    assertThat(edge).extracting(Violation::rule, Violation::line).containsExactly(
        tuple("no-program-sections", TestConfigFiles.lineOf(TestConfigFiles.EDGE, "program health-exporter")));
    assertThat(legacy).isEmpty();
  }
}
