package dev.gitops.haproxy.config.diff;

import static dev.gitops.haproxy.config.TestConfigFiles.EDGE;
import static dev.gitops.haproxy.config.TestConfigFiles.lineOf;
import static dev.gitops.haproxy.config.diff.ConfigDiffTest.edgeTo;
import static dev.gitops.haproxy.config.diff.ConfigDiffTest.edgeWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DiffTextTest {

  private final String after = edgeWith(
      "server api3 10.1.0.3:8080 check weight 30", "server api3 10.1.0.4:8080 check weight 35",
      "    server api-spare 10.1.0.99:8080 check disabled\n", "",
      "    timeout client 1h   # long-lived connections\n", "    timeout client 2h\n",
      "backend be_php\n    use-fcgi-app php\n    server php1 10.3.0.1:9000 proto fcgi\n", "")
      + "backend be_new\n    server new1 10.9.0.1:80 check\n";
  private final ConfigDiff diff = edgeTo(after);

  @Test
  void oneLinePerSectionServerAndSettingWithLineNumbers() {
    int spare = lineOf(EDGE, "server api-spare");
    int php = lineOf(EDGE, "backend be_php");
    int oldTimeout = lineOf(EDGE, "timeout client 1h");

    assertThat(DiffText.lines(diff)).containsExactly(
        "~ defaults tcp-defaults (line " + lineOf(EDGE, "defaults tcp-defaults") + ")",
        "    ~ timeout client",
        "        - line " + oldTimeout + ": timeout client 1h   # long-lived connections",
        "        + line " + oldTimeout + ": timeout client 2h",
        "~ backend be_api (line " + lineOf(EDGE, "backend be_api") + ")",
        "    ~ server api3 (line " + lineOf(EDGE, "server api3") + "): address 10.1.0.3:8080 -> 10.1.0.4:8080, "
            + "weight 30 -> 35",
        "    - server api-spare (was line " + spare + ")",
        "+ backend be_new (line " + (after.lines().toList().indexOf("backend be_new") + 1) + ")",
        "- backend be_php (was line " + php + ")");
  }

  @Test
  void credentialsAreNotPrintedButTheirChangeIs() throws Exception {
    byte[] before = ("global\n    stats auth admin:old-secret\nuserlist ops\n    user alice password $6$oldhash\n"
        + "    user bob insecure-password hunter2\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] after = ("global\n    stats auth admin:new-secret\nuserlist ops\n    user alice password $6$newhash\n"
        + "    user bob insecure-password hunter3\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ConfigDiff changed = ConfigDiff.between(before, after);

    String text = String.join("\n", DiffText.lines(changed));
    String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(DiffView.of(changed));
    assertThat(changed.identicalInEffect()).isFalse();
    assertThat(text).contains("stats auth <redacted>").contains("user alice password <redacted>")
        .contains("user bob insecure-password <redacted>");
    for (String secret : java.util.List.of("old-secret", "new-secret", "oldhash", "newhash", "hunter2", "hunter3")) {
      assertThat(text).doesNotContain(secret);
      assertThat(json).doesNotContain(secret);
    }
  }

  @Test
  void asJsonWithBothLineNumbers() {
    JsonNode json = new ObjectMapper().valueToTree(DiffView.of(diff));

    JsonNode api = json.get("sections").get(1);
    assertThat(api.get("section").asText()).isEqualTo("backend be_api");
    assertThat(api.get("change").asText()).isEqualTo("changed");
    assertThat(api.get("servers").get(0).get("details").get(0).asText())
        .isEqualTo("address 10.1.0.3:8080 -> 10.1.0.4:8080");
    assertThat(api.get("servers").get(1).get("before").get("line").asInt()).isEqualTo(lineOf(EDGE, "server api-spare"));
    assertThat(api.get("servers").get(1).has("after")).isFalse();
    JsonNode removed = json.get("sections").get(3);
    assertThat(removed.get("change").asText()).isEqualTo("removed");
    assertThat(removed.get("oldLine").asInt()).isEqualTo(lineOf(EDGE, "backend be_php"));
    assertThat(removed.has("line")).isFalse();
    assertThat(json.get("sections").get(0).get("directives").get(0).get("after").get(0).get("text").asText())
        .isEqualTo("timeout client 2h");
  }
}
