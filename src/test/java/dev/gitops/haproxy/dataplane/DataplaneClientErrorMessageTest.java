package dev.gitops.haproxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataplaneClientErrorMessageTest {

  @Test
  void readsTheMessageOfAJsonError() {
    assertThat(DataplaneClient.errorMessage("{\"code\":400,\"message\":\"bad config\"}")).isEqualTo("bad config");
  }

  @Test
  void readsAJsonErrorWrappedInAJsonString() {
    assertThat(DataplaneClient.errorMessage("\"{\\\"code\\\":400,\\\"message\\\":\\\"bad config\\\"}\""))
        .isEqualTo("bad config");
  }

  @Test
  void passesPlainTextThrough() {
    assertThat(DataplaneClient.errorMessage("upstream connect error")).isEqualTo("upstream connect error");
  }

  @Test
  void credentialsNeverPrintTheirPassword() {
    assertThat(new BasicCredentials("admin", "s3cret").toString()).doesNotContain("s3cret").contains("admin");
  }
}
