package dev.gitops.haproxy.colocated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.gitops.haproxy.pipeline.TargetResult;
import org.junit.jupiter.api.Test;

/** What is decided before haproxy -c runs; the check itself runs against real HAProxy in the ITs. */
class HAProxyCheckTest {

  private static final byte[] WITH_LUA = """
      global
          log stderr local0
          lua-load /etc/haproxy/files/hello.lua
      defaults
          mode http
      """.getBytes(StandardCharsets.UTF_8);
  private static final Path NO_BINARY = Path.of("/nonexistent/haproxy");

  @Test
  void luaIsRefusedWithItsLineUnlessTheDeclarationAllowsIt() {
    assertThatThrownBy(() -> new HAProxyCheck(NO_BINARY, null, false).validate(WITH_LUA))
        .isInstanceOfSatisfying(ConfigRejectedException.class, e -> {
          assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.message()).startsWith("lua-load is not allowed").contains("allowLua: true");
          });
          assertThat(TargetResult.Outcome.of(e).isTransient()).isFalse();
        });
    // Allowed, it goes on to haproxy -c (absent here).
    assertThatThrownBy(() -> new HAProxyCheck(NO_BINARY, null, true).validate(WITH_LUA))
        .isInstanceOf(UnexpectedResponseException.class).hasMessageContaining("cannot run " + NO_BINARY);
  }

  @Test
  void aCommentOrAWordThatOnlyStartsLikeLuaIsNotLua() {
    byte[] config = "global\n    # lua-load was here\n    log stderr local0\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> new HAProxyCheck(NO_BINARY, null, false).validate(config))
        .isInstanceOf(UnexpectedResponseException.class);
  }
}
