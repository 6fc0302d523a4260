package dev.gitops.haproxy.config.diff;

import static dev.gitops.haproxy.config.diff.ConfigDiffTest.edgeTo;
import static dev.gitops.haproxy.config.diff.ConfigDiffTest.edgeWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.config.SectionKind;
import dev.gitops.haproxy.config.TestConfigFiles;
import org.junit.jupiter.api.Test;

class DiffSummaryTest {

  @Test
  void nothingChanged() {
    assertThat(DiffSummary.oneLine(edgeTo(TestConfigFiles.text(TestConfigFiles.EDGE)), 200)).isEqualTo("no change");
  }

  @Test
  void aChangeThatOnlyTouchesCommentsIsReportedAsSuch() {
    ConfigDiff diff = edgeTo(edgeWith("# tenant 3\n", "# tenant three\n"));

    assertThat(DiffSummary.oneLine(diff, 200)).isEqualTo("only comments or formatting changed");
  }

  @Test
  void sectionsThenServersThenSettingsPerSection() {
    ConfigDiff diff = edgeTo(edgeWith(
        "server api2 10.1.0.2:8080", "server api2 10.1.9.2:8080",
        "server web03 10.4.0.3:8080 check", "server web03 10.4.0.3:8080 check disabled",
        "    server api-spare 10.1.0.99:8080 check disabled\n", "",
        "    maxconn 10000\n", "    maxconn 10000\n    timeout client 20s\n")
        + "\nbackend be_new\n    server new1 10.9.0.1:80\n");

    assertThat(DiffSummary.oneLine(diff, 200))
        .isEqualTo("+1 backend, -1 server, 2 servers changed, fe_main: timeout client");
  }

  @Test
  void countsSectionsByKindWithTheirPlural() {
    ConfigDiff diff = edgeTo(TestConfigFiles.text(TestConfigFiles.EDGE)
        + "\nbackend b1\nbackend b2\nfrontend f1\npeers p\ndefaults d\n");

    assertThat(DiffSummary.oneLine(diff, 200))
        .isEqualTo("+1 defaults section, +1 frontend, +2 backends, +1 peers section");
    assertThat(DiffSummary.noun(SectionKind.HTTP_ERRORS, 2)).isEqualTo("http-errors sections");
    assertThat(DiffSummary.noun(SectionKind.LISTEN, 2)).isEqualTo("listens");
  }

  @Test
  void aLongSummaryKeepsWholeItemsAndSaysHowManyMore() {
    String text = TestConfigFiles.text(TestConfigFiles.EDGE);
    for (int tenant = 1; tenant <= 15; tenant++) {
      text = text.replace("X-Tenant tenant-" + tenant + "\n", "X-Tenant t" + tenant + "\n");
    }
    ConfigDiff diff = edgeTo(text);

    String line = DiffSummary.oneLine(diff, 120);

    assertThat(DiffSummary.items(diff)).hasSize(15);
    assertThat(line).hasSizeLessThanOrEqualTo(120).startsWith("be_tenant01: http-request, be_tenant02: http-request")
        .matches(".*, be_tenant0\\d: http-request \\(\\+1[0-9] more\\)");
  }

  @Test
  void evenOneItemLongerThanTheLimitIsCut() {
    ConfigDiff diff = edgeTo(edgeWith("    option httplog\n", "    option httplog\n    option http-server-close\n"));

    String line = DiffSummary.oneLine(diff, 20);

    assertThat(line).hasSizeLessThanOrEqualTo(20).contains(" ... ");
  }
}
