package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AllowedHostsTest {

  @Test
  void noneAllowsNoHostAndSaysSo() {
    assertThat(AllowedHosts.NONE.allows("127.0.0.1")).isFalse();
    assertThat(AllowedHosts.parse("").allows("lb1")).isFalse();
    assertThat(AllowedHosts.parse(" , ").isEmpty()).isTrue();
    assertThat(AllowedHosts.NONE).hasToString("none");
  }

  @Test
  void aStarAllowsAnyHost() {
    AllowedHosts any = AllowedHosts.parse("*");

    assertThat(any.allows("lb1.example.net")).isTrue();
    assertThat(any.allows("[2001:db8::1]")).isTrue();
  }

  @Test
  void aNameAllowsThatNameInAnyCaseAndWithTheRootDot() {
    AllowedHosts hosts = AllowedHosts.parse("LB1.example.net");

    assertThat(hosts.allows("lb1.example.net")).isTrue();
    assertThat(hosts.allows("Lb1.Example.NET.")).isTrue();
    assertThat(hosts.allows("lb1.example.net.attacker.example")).isFalse();
    assertThat(hosts.allows("xlb1.example.net")).isFalse();
    assertThat(hosts).hasToString("lb1.example.net");
  }

  @Test
  void aWildcardAllowsTheNamesBelowItsDomainButNotTheDomainItself() {
    AllowedHosts hosts = AllowedHosts.parse("*.lb.example.net");

    assertThat(hosts.allows("a.lb.example.net")).isTrue();
    assertThat(hosts.allows("a.b.lb.example.net")).isTrue();
    assertThat(hosts.allows("lb.example.net")).isFalse();
    assertThat(hosts.allows("evillb.example.net")).isFalse();
  }

  @Test
  void addressesAndBlocksMatchAddressesOnly() {
    AllowedHosts hosts = AllowedHosts.parse("10.20.0.0/16, 192.0.2.7, fd00::/8");

    assertThat(hosts.allows("10.20.255.1")).isTrue();
    assertThat(hosts.allows("10.21.0.1")).isFalse();
    assertThat(hosts.allows("192.0.2.7")).isTrue();
    assertThat(hosts.allows("192.0.2.8")).isFalse();
    assertThat(hosts.allows("[fd12:3456::1]")).isTrue();
    assertThat(hosts.allows("[fe80::1]")).isFalse();
    // An IPv4-mapped IPv6 address is the IPv4 address it carries.
    assertThat(hosts.allows("[::ffff:10.20.0.9]")).isTrue();
  }

  @Test
  void namesAreNeverResolvedToBeMatchedAgainstAddresses() {
    AllowedHosts loopback = AllowedHosts.parse("127.0.0.0/8");

    assertThat(loopback.allows("127.0.0.1")).isTrue();
    assertThat(loopback.allows("localhost")).isFalse();
    assertThat(AllowedHosts.parse("localhost").allows("127.0.0.1")).isFalse();
  }

  @Test
  void aPatternOfNoAcceptedFormIsRefusedByName() {
    assertThatThrownBy(() -> AllowedHosts.parse("lb1, http://lb2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'http://lb2' is not a host pattern");
    assertThatThrownBy(() -> AllowedHosts.parse("*.*.example.net")).hasMessageContaining("'*.*.example.net'");
    assertThatThrownBy(() -> AllowedHosts.parse("lb*.example.net")).hasMessageContaining("not a host pattern");
    assertThatThrownBy(() -> AllowedHosts.parse("999.1.1.1")).hasMessageContaining("not a host pattern");
    assertThatThrownBy(() -> AllowedHosts.parse(".:1")).hasMessageContaining("not a host pattern");
    assertThatThrownBy(() -> AllowedHosts.parse("10.0.0.0/33")).hasMessage("'10.0.0.0/33' is not a CIDR block");
    assertThatThrownBy(() -> AllowedHosts.parse("lb1/8")).hasMessageStartingWith("'lb1/8' is not a host pattern");
    assertThatThrownBy(() -> AllowedHosts.parse("10.0.0.0/x")).hasMessage("'10.0.0.0/x' is not a CIDR block");
    assertThatThrownBy(() -> AllowedHosts.parse("10.1.2.3/8"))
        .hasMessage("'10.1.2.3/8' has host bits set; write the network address");
  }
}
