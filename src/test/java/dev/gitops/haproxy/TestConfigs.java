package dev.gitops.haproxy;

/** The haproxy.cfg texts tests send to real HAProxy, in one place. */
public final class TestConfigs {

  /** The global and defaults sections every test config starts with. */
  public static final String GLOBAL_AND_DEFAULTS = """
      global
          log stderr format short local0 notice

      defaults
          mode http
          option idle-close-on-response
          timeout connect 2s
          timeout client 10s
          timeout server 10s

      """;

  private TestConfigs() {
  }

  /** A complete haproxy.cfg whose only frontend answers {@code body} on 127.0.0.1:{@code port}. */
  public static String respondingWith(int port, String body) {
    return GLOBAL_AND_DEFAULTS + """
        frontend web
            bind 127.0.0.1:%d
            http-request return status 200 content-type text/plain string "%s"
        """.formatted(port, body);
  }
}
