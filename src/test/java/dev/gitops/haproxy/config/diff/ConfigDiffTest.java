package dev.gitops.haproxy.config.diff;

import static dev.gitops.haproxy.config.TestConfigFiles.EDGE;
import static dev.gitops.haproxy.config.TestConfigFiles.LEGACY;
import static dev.gitops.haproxy.config.TestConfigFiles.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.SectionKind;
import dev.gitops.haproxy.config.TestConfigFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  private static final String EDGE_TEXT = TestConfigFiles.text(EDGE);

  static ConfigDiff edgeTo(String after) {
    return ConfigDiff.between(EDGE_TEXT.getBytes(StandardCharsets.ISO_8859_1),
        after.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String edgeWith(String... replacements) {
    String text = EDGE_TEXT;
    for (int i = 0; i < replacements.length; i += 2) {
      assertThat(text).contains(replacements[i]);
      text = text.replace(replacements[i], replacements[i + 1]);
    }
    return text;
  }

  private static SectionDiff only(ConfigDiff diff) {
    assertThat(diff.sections()).hasSize(1);
    return diff.sections().get(0);
  }

  @Test
  void theSameFileIsTheSameConfig() {
    ConfigDiff diff = edgeTo(EDGE_TEXT);

    assertThat(diff.sameBytes()).isTrue();
    assertThat(diff.identicalInEffect()).isTrue();
  }

  @Test
  void commentsBlankLinesIndentationSpacingAndQuotingAreNotDifferences() {
    String reformatted = edgeWith(
        "    acl is_admin hdr(host) -i \"admin.shop.example\"", "  acl   is_admin\thdr(host) -i 'admin.shop.example'",
        "    http-request set-header X-Note Hello\\ world", "    http-request set-header X-Note \"Hello world\" # new",
        "# tenant 3\n", "# tenant three, moved to the new racks\n\n\n",
        "    timeout client 30s\n", "\ttimeout client 30s   \n")
        .replace("\n", "\r\n");

    ConfigDiff diff = edgeTo(reformatted);

    assertThat(diff.sameBytes()).isFalse();
    assertThat(diff.identicalInEffect()).as("%s", diff.sections()).isTrue();
  }

  @Test
  void movingASectionOrADirectiveAmongOtherSettingsIsNotADifference() {
    String stats = EDGE_TEXT.substring(EDGE_TEXT.indexOf("listen stats\n"), EDGE_TEXT.indexOf("listen redis"));
    String moved = edgeWith(stats, "", "backend be_api\n", stats + "backend be_api\n",
        "    balance roundrobin\n    option httpchk GET /health\n",
        "    option httpchk GET /health\n    balance roundrobin\n");

    assertThat(edgeTo(moved).identicalInEffect()).isTrue();
  }

  @Test
  void serversAddedRemovedAndChangedInAddressWeightAndDisabled() {
    ConfigDiff diff = edgeTo(edgeWith(
        "    server api-spare 10.1.0.99:8080 check disabled\n", "    server api13 10.1.0.13:8080 check\n",
        "server api2 10.1.0.2:8080", "server api2 10.1.9.2:8080",
        "server api3 10.1.0.3:8080 check weight 30", "server api3 10.1.0.3:8080 check weight 35",
        "server api4 10.1.0.4:8080 check weight 40 cookie api4",
        "server api4 10.1.0.4:8080 check weight 40 cookie api4 disabled",
        "server api5 10.1.0.5:8080 check weight 50 cookie api5", "server api5 10.1.0.5:8080 weight 50 cookie api5"));

    SectionDiff api = only(diff);
    assertThat(api.label()).isEqualTo("backend be_api");
    assertThat(api.change()).isEqualTo(Change.CHANGED);
    assertThat(api.directives()).isEmpty();
    assertThat(api.servers()).extracting(ServerChange::name, ServerChange::change).containsExactly(
        tuple("api2", Change.CHANGED), tuple("api3", Change.CHANGED),
        tuple("api4", Change.CHANGED), tuple("api5", Change.CHANGED),
        tuple("api13", Change.ADDED), tuple("api-spare", Change.REMOVED));
    assertThat(api.servers().get(0).details()).containsExactly("address 10.1.0.2:8080 -> 10.1.9.2:8080");
    assertThat(api.servers().get(1).details()).containsExactly("weight 30 -> 35");
    assertThat(api.servers().get(2).details()).containsExactly("disabled");
    assertThat(api.servers().get(3).details()).containsExactly("settings check cookie api5 -> cookie api5");
    assertThat(api.servers().get(4).after().orElseThrow().directive().line())
        .isEqualTo(lineOf(EDGE, "server api-spare"));
  }

  @Test
  void aServerEnabledAgainAndAWeightBackToTheDefault() {
    ConfigDiff diff = edgeTo(edgeWith("server api-spare 10.1.0.99:8080 check disabled",
        "server api-spare 10.1.0.99:8080 check weight 5",
        "server api1 10.1.0.1:8080 check weight 10 cookie api1", "server api1 10.1.0.1:8080 check cookie api1"));

    assertThat(only(diff).servers()).extracting(ServerChange::details).containsExactly(
        List.of("weight 10 -> default"), List.of("weight default -> 5", "enabled"));
  }

  @Test
  void directivesChangedAddedAndRemovedPerSetting() {
    ConfigDiff diff = edgeTo(edgeWith(
        "    timeout client 30s\n    timeout server 30s\n    timeout http-request",
        "    timeout client 1m\n    timeout server 30s\n    timeout http-request",
        "    option httplog\n", "",
        "    retries 3\n", "    retries 3\n    option http-server-close\n"));

    SectionDiff defaults = only(diff);
    assertThat(defaults.label()).isEqualTo("defaults http-defaults");
    assertThat(defaults.shortLabel()).isEqualTo("http-defaults");
    assertThat(defaults.directives()).extracting(DirectiveChange::key, DirectiveChange::change).containsExactly(
        tuple("timeout client", Change.CHANGED),
        tuple("option http-server-close", Change.ADDED),
        tuple("option httplog", Change.REMOVED));
    DirectiveChange timeout = defaults.directives().get(0);
    assertThat(timeout.before()).extracting(Directive::line).containsExactly(lineOf(EDGE, "timeout client 30s"));
    assertThat(timeout.after()).extracting(Directive::text).containsExactly("timeout client 1m");
  }

  @Test
  void theOrderOfRulesOfOneKindIsADifference() {
    ConfigDiff diff = edgeTo(edgeWith(
        "    use_backend be_api if is_api\n    use_backend be_static if is_static\n",
        "    use_backend be_static if is_static\n    use_backend be_api if is_api\n"));

    assertThat(only(diff).directives()).extracting(DirectiveChange::key).containsExactly("use_backend");
  }

  @Test
  void noOptionIsAValueOfTheOption() {
    ConfigDiff diff = edgeTo(edgeWith("    option dontlognull\n", "    no option dontlognull\n"));

    assertThat(only(diff).directives()).extracting(DirectiveChange::key, DirectiveChange::change)
        .containsExactly(tuple("option dontlognull", Change.CHANGED));
  }

  @Test
  void sectionsAddedAndRemovedAndTheSectionLineChanged() {
    ConfigDiff diff = edgeTo(edgeWith(
        "backend be_php\n    use-fcgi-app php\n    server php1 10.3.0.1:9000 proto fcgi\n", "",
        "listen redis from tcp-defaults\n", "listen redis from http-defaults\n")
        + "\nbackend be_new\n    server new1 10.9.0.1:80\n");

    assertThat(diff.sections()).extracting(SectionDiff::label, SectionDiff::change).containsExactly(
        tuple("listen redis", Change.CHANGED),
        tuple("backend be_new", Change.ADDED),
        tuple("backend be_php", Change.REMOVED));
    assertThat(diff.sections().get(0).directives()).extracting(DirectiveChange::key).containsExactly("listen");
    assertThat(diff.sections().get(2).line()).isEqualTo(lineOf(EDGE, "backend be_php"));
    assertThat(diff.sections(Change.ADDED).get(0).kind()).isEqualTo(SectionKind.BACKEND);
  }

  @Test
  void namedAndAnonymousDefaultsAreMatchedByNameAndRank() {
    byte[] legacy = TestConfigFiles.bytes(LEGACY);
    String text = new String(legacy, StandardCharsets.ISO_8859_1);
    String changed = text.replace("\ttimeout client 1h", "\ttimeout client 2h")
        .replace("# second anonymous defaults", "# deuxi\u00e8me section defaults");

    ConfigDiff diff = ConfigDiff.between(legacy, changed.getBytes(StandardCharsets.ISO_8859_1));

    SectionDiff second = only(diff);
    assertThat(second.label()).isEqualTo("defaults #2");
    assertThat(second.shortLabel()).isEqualTo("defaults #2");
    assertThat(second.directives()).extracting(DirectiveChange::key).containsExactly("timeout client");
  }

  @Test
  void whatADataplaneApiStoresIsTheConfigItWasGiven() {
    // Recorded from Data Plane API v3.2.5 (dataplane-contract/apply-verified.json): its own header
    // comments, two-space indentation, and a name for the anonymous defaults section.
    String sent = dev.gitops.haproxy.TestConfigs.respondingWith(45377, "applied");
    String stored = "# _md5hash=d3ffce74075bcd88fefb0fcabd1a3afe\n# _version=2\n\nglobal\n"
        + "  log stderr format short local0 notice\n\ndefaults unnamed_defaults_1\n  mode http\n"
        + "  option idle-close-on-response\n"
        + "  timeout connect 2s\n  timeout client 10s\n  timeout server 10s\n\nfrontend web\n"
        + "  bind 127.0.0.1:45377\n  http-request return status 200 content-type text/plain string \"applied\"\n";

    ConfigDiff diff = ConfigDiff.between(stored.getBytes(StandardCharsets.UTF_8),
        sent.getBytes(StandardCharsets.UTF_8));

    assertThat(diff.identicalInEffect()).as("%s", diff.sections()).isTrue();
  }

  @Test
  void theNameOfADefaultsSectionCountsWhereASectionNamesIt() {
    ConfigDiff renamed = edgeTo(edgeWith("defaults http-defaults\n", "defaults web-defaults\n",
        "frontend fe_main from http-defaults", "frontend fe_main from web-defaults"));

    assertThat(renamed.sections()).extracting(SectionDiff::label, SectionDiff::change).contains(
        tuple("defaults web-defaults", Change.ADDED), tuple("defaults http-defaults", Change.REMOVED),
        tuple("frontend fe_main", Change.CHANGED));
  }

  @Test
  void bytesThatAreNotUtf8AreComparedAndShownAsBytes() {
    byte[] legacy = TestConfigFiles.bytes(LEGACY);
    String text = new String(legacy, StandardCharsets.ISO_8859_1);

    ConfigDiff diff = ConfigDiff.between(legacy,
        text.replace("cr\u00e8me br\u00fbl\u00e9e", "cr\u00e8me caramel").getBytes(StandardCharsets.ISO_8859_1));

    DirectiveChange header = only(diff).directives().get(0);
    assertThat(header.label()).isEqualTo("http-response");
    assertThat(header.after().get(0).text()).isEqualTo("http-response set-header X-Caf\\xe9 \"cr\\xe8me caramel\"");
  }

  @Test
  void serverTemplatesAreFollowedByTheirPrefix() {
    ConfigDiff diff = edgeTo(edgeWith("server-template static 1-4", "server-template static 1-6"));

    ServerChange template = only(diff).servers().get(0);
    assertThat(template.name()).isEqualTo("static (template)");
    assertThat(template.details()).containsExactly(
        "address 1-4 static.shop.internal:80 -> 1-6 static.shop.internal:80");
  }

  @Test
  void aConfigOfTwentyThousandLinesFindsTheOneServerThatChanged() {
    StringBuilder big = new StringBuilder(EDGE_TEXT);
    for (int b = 0; b < 2000; b++) {
      big.append("\nbackend generated").append(b).append("\n    balance roundrobin\n    option httpchk GET /\n");
      for (int s = 0; s < 8; s++) {
        big.append("    server g").append(s).append(" 10.").append(b / 250).append('.').append(b % 250).append('.')
            .append(s + 1).append(":8080 check\n");
      }
    }
    String before = big.toString();
    String after = before.replace("backend generated1500\n    balance roundrobin\n    option httpchk GET /\n"
        + "    server g0 10.6.0.1:8080", "backend generated1500\n    balance roundrobin\n    option httpchk GET /\n"
        + "    server g0 10.6.0.9:8080");

    ConfigDiff diff = ConfigDiff.between(before.getBytes(StandardCharsets.UTF_8),
        after.getBytes(StandardCharsets.UTF_8));

    assertThat(before.lines().count()).isGreaterThan(20_000);
    assertThat(diff.sections()).extracting(SectionDiff::label).containsExactly("backend generated1500");
    assertThat(diff.sections().get(0).servers().get(0).details())
        .containsExactly("address 10.6.0.1:8080 -> 10.6.0.9:8080");
  }

  @Test
  void statementsBeforeTheFirstSectionAreCompared() {
    ConfigDiff diff = edgeTo(".if defined(EDGE)\n.endif\n" + EDGE_TEXT);

    assertThat(diff.identicalInEffect()).isFalse();
    assertThat(diff.outside()).hasSize(1);
  }
}
