package dev.gitops.haproxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigHashTest {

  @Test
  void hashesContentWithSha256() {
    // sha256("abc") from FIPS 180-2, appendix B.1
    assertThat(ConfigHash.of("abc"))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void anyByteChangesTheHash() {
    assertThat(ConfigHash.of("frontend a\n")).isNotEqualTo(ConfigHash.of("frontend a \n"));
  }

  @Test
  void shortFormIsTwelveHexDigitsWithoutPrefix() {
    assertThat(ConfigHash.shortForm(ConfigHash.of("abc"))).isEqualTo("ba7816bf8f01");
    assertThat(ConfigHash.shortForm(null)).isNull();
  }
}
