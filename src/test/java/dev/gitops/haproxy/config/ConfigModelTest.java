package dev.gitops.haproxy.config;

import static dev.gitops.haproxy.config.TestConfigFiles.EDGE;
import static dev.gitops.haproxy.config.TestConfigFiles.LEGACY;
import static dev.gitops.haproxy.config.TestConfigFiles.lineOf;
import static dev.gitops.haproxy.config.TestConfigFiles.model;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigModelTest {

  private final ConfigModel edge = ConfigModel.parse(TestConfigFiles.bytes(EDGE));

  private Section section(ConfigModel model, SectionKind kind, String name) {
    return model.sections(kind).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void everySectionKindIsReadWithItsNameAndLine() {
    assertThat(edge.sections().stream().map(Section::kind).distinct())
        .containsExactlyInAnyOrder(SectionKind.values());
    assertThat(edge.sections().stream().map(Section::label)).contains("global", "defaults http-defaults",
        "defaults tcp-defaults", "defaults", "userlist ops", "peers shop_peers", "resolvers internal_dns",
        "mailers shop_mailers", "cache assets", "ring buffered_logs", "program health-exporter",
        "http-errors shop_errors", "log-forward syslog_in", "fcgi-app php", "frontend fe_main", "backend be_api",
        "listen stats", "listen redis");
    assertThat(edge.sections()).hasSize(38);
    assertThat(section(edge, SectionKind.BACKEND, "be_api").line()).isEqualTo(lineOf(EDGE, "backend be_api"));
    assertThat(edge.outside()).isEmpty();
  }

  @Test
  void directivesBelongToTheirSectionInOrderWithTheirLineNumbers() {
    Section global = edge.sections(SectionKind.GLOBAL).get(0);

    assertThat(global.directives().get(0).words()).containsExactly("log", "stderr", "format", "short", "local0",
        "notice");
    assertThat(global.directives().get(0).line()).isEqualTo(lineOf(EDGE, "log stderr format short"));
    Directive maxconn = global.directives().stream().filter(d -> d.keyword().equals("maxconn")).findFirst()
        .orElseThrow();
    assertThat(maxconn.words()).containsExactly("maxconn", "20000");
    assertThat(maxconn.line()).isEqualTo(lineOf(EDGE, "\tmaxconn 20000"));
    Section cache = section(edge, SectionKind.CACHE, "assets");
    assertThat(cache.directives().stream().map(Directive::keyword)).containsExactly("total-max-size",
        "max-object-size", "max-age");
  }

  @Test
  void commentsAndBlankLinesAreNotDirectives() {
    long statements = Arrays.stream(TestConfigFiles.text(EDGE).split("\n"))
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();

    int directives = edge.sections().stream().mapToInt(s -> s.directives().size() + 1).sum();

    assertThat(directives).isEqualTo(statements);
    Directive commented = section(edge, SectionKind.DEFAULTS, "tcp-defaults").directives().get(2);
    assertThat(commented.words()).containsExactly("timeout", "client", "1h");
    assertThat(commented.text()).isEqualTo("timeout client 1h   # long-lived connections");
  }

  @Test
  void quotedAndEscapedWordsAreReadAsHAProxyReadsThem() {
    Section fe = section(edge, SectionKind.FRONTEND, "fe_main");

    assertThat(fe.directives()).extracting(Directive::words).contains(
        List.of("http-request", "set-header", "X-Note", "Hello world"),
        List.of("http-request", "set-header", "X-Hash", "#not-a-comment"),
        List.of("http-request", "set-path", "%[path,regsub(\"^/(here)(/|$)\",\"my/\\1\",g)]", "if", "{", "path_beg",
            "/here", "}"),
        List.of("log-format", "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc \"%r\""));
    Section stats = section(edge, SectionKind.LISTEN, "stats");
    assertThat(stats.directives()).extracting(Directive::words)
        .contains(List.of("stats", "auth", "ops:s3cr3t with space"));
  }

  @Test
  void serversAreReadByNameWithAddressWeightAndDisabled() {
    List<Server> api = section(edge, SectionKind.BACKEND, "be_api").servers();

    assertThat(api).hasSize(13);
    Server third = api.get(2);
    assertThat(third.name()).isEqualTo("api3");
    assertThat(third.address()).isEqualTo("10.1.0.3:8080");
    assertThat(third.weight()).contains("30");
    assertThat(third.disabled()).isFalse();
    assertThat(third.settings()).containsExactly("check", "cookie", "api3");
    assertThat(third.directive().line()).isEqualTo(lineOf(EDGE, "server api3 "));
    Server spare = api.get(12);
    assertThat(spare.name()).isEqualTo("api-spare");
    assertThat(spare.disabled()).isTrue();
    assertThat(spare.weight()).isEmpty();
    Server template = section(edge, SectionKind.BACKEND, "be_static").servers().get(0);
    assertThat(template.keyword()).isEqualTo(Server.TEMPLATE);
    assertThat(template.name()).isEqualTo("static");
    assertThat(template.address()).isEqualTo("1-4 static.shop.internal:80");
    assertThat(section(edge, SectionKind.RING, "buffered_logs").servers()).extracting(Server::name)
        .containsExactly("syslog1");
    assertThat(section(edge, SectionKind.DEFAULTS, "http-defaults").servers()).isEmpty();
    assertThat(section(edge, SectionKind.BACKEND, "be_web").servers()).hasSize(40);
  }

  @Test
  void namedDefaultsAndWhichDefaultsEachProxyUses() {
    Section anonymous = edge.sections(SectionKind.DEFAULTS).get(2);
    assertThat(anonymous.name()).isEmpty();
    assertThat(anonymous.from()).contains("http-defaults");
    assertThat(section(edge, SectionKind.DEFAULTS, "tcp-defaults").from()).contains("http-defaults");

    assertThat(edge.defaultsOf(section(edge, SectionKind.FRONTEND, "fe_tcp")).map(Section::name))
        .contains("tcp-defaults");
    assertThat(edge.defaultsOf(section(edge, SectionKind.BACKEND, "be_api"))).containsSame(anonymous);
    assertThat(edge.defaultsOf(anonymous).map(Section::name)).contains("http-defaults");
    assertThat(edge.defaultsOf(section(edge, SectionKind.DEFAULTS, "http-defaults"))).isEmpty();
    assertThat(edge.defaultsOf(edge.sections(SectionKind.GLOBAL).get(0))).isEmpty();
  }

  @Test
  void crlfLineEndsReadLikeLf() {
    byte[] crlf = TestConfigFiles.text(EDGE).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);

    ConfigModel model = ConfigModel.parse(crlf);

    assertThat(words(model)).isEqualTo(words(edge));
    assertThat(model.sections().get(5).line()).isEqualTo(edge.sections().get(5).line());
  }

  @Test
  void aLatin1ConfigWithCrlfIsReadByteForByte() {
    ConfigModel legacy = ConfigModel.parse(TestConfigFiles.bytes(LEGACY));

    assertThat(legacy.sections(SectionKind.DEFAULTS)).hasSize(2).allMatch(s -> s.name().isEmpty());
    assertThat(legacy.sections(SectionKind.LISTEN)).hasSize(20);
    assertThat(legacy.sections(SectionKind.LISTEN).get(3).servers().get(5).disabled()).isTrue();
    Directive header = section(legacy, SectionKind.FRONTEND, "www").directives().get(1);
    assertThat(header.words())
        .containsExactly("http-response", "set-header", "X-Caf\u00e9", "cr\u00e8me br\u00fbl\u00e9e");
    assertThat(ConfigText.printable(header.words())).isEqualTo(
        "http-response set-header X-Caf\\xe9 cr\\xe8me br\\xfbl\\xe9e");
    assertThat(header.line()).isEqualTo(lineOf(LEGACY, "http-response set-header X-Caf"));
    assertThat(section(legacy, SectionKind.FRONTEND, "www").directives().get(3).words())
        .containsExactly("http-request", "set-header", "X-Escaped", "a b\"c");
    assertThat(section(legacy, SectionKind.BACKEND, "app").servers()).hasSize(60);
  }

  @Test
  void utf8TextIsShownAsUtf8() {
    ConfigModel model = model("global\n    setenv GREETING \"gr\u00fc\u00df dich\"\n");

    assertThat(ConfigText.printable(model.sections().get(0).directives().get(0).words()))
        .isEqualTo("setenv GREETING gr\u00fc\u00df dich");
  }

  @Test
  void aBackslashAtTheEndOfALineDoesNotJoinTheNextLine() {
    ConfigModel model = model("defaults\n    timeout client 10s \\\n      5s\n");

    List<Directive> directives = model.sections().get(0).directives();
    assertThat(directives).extracting(Directive::words).containsExactly(List.of("timeout", "client", "10s", "\\"),
        List.of("5s"));
    assertThat(directives).extracting(Directive::line).containsExactly(2, 3);
  }

  @Test
  void statementsBeforeTheFirstSectionAreKeptOutside() {
    ConfigModel model = model(".if defined(FOO)\n.endif\nglobal\n    maxconn 10\n");

    assertThat(model.outside()).extracting(Directive::keyword).containsExactly(".if", ".endif");
    assertThat(model.sections()).hasSize(1);
    assertThat(model.defaultsOf(model.sections().get(0))).isEqualTo(Optional.empty());
  }

  private static List<List<String>> words(ConfigModel model) {
    return model.sections().stream().flatMap(s -> java.util.stream.Stream.concat(
        java.util.stream.Stream.of(s.header()), s.directives().stream())).map(Directive::words).toList();
  }
}
