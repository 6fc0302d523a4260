package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedHostsTest {

  @Test
  void noneAllowsNoHostAndSaysSo() {
    assertThat(AllowedHosts.NONE.allows("127.0.0.1")).isFalse();
    assertThat(AllowedHosts.parse("").allows("lb1")).isFalse();
    assertThat(AllowedHosts.parse(" , ").isEmpty()).isTrue();
    assertThat(AllowedHosts.NONE).hasToString("none");
  }

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      *                             | lb1.example.net                  | true
      *                             | [2001:db8::1]                    | true
      LB1.example.net               | lb1.example.net                  | true
      LB1.example.net               | Lb1.Example.NET.                 | true
      LB1.example.net               | lb1.example.net.attacker.example | false
      LB1.example.net               | xlb1.example.net                 | false
      *.lb.example.net              | a.lb.example.net                 | true
      *.lb.example.net              | a.b.lb.example.net               | true
      *.lb.example.net              | lb.example.net                   | false
      *.lb.example.net              | evillb.example.net               | false
      10.20.0.0/16,192.0.2.7,fd00::/8 | 10.20.255.1                    | true
      10.20.0.0/16,192.0.2.7,fd00::/8 | 10.21.0.1                      | false
      10.20.0.0/16,192.0.2.7,fd00::/8 | 192.0.2.7                      | true
      10.20.0.0/16,192.0.2.7,fd00::/8 | 192.0.2.8                      | false
      10.20.0.0/16,192.0.2.7,fd00::/8 | [fd12:3456::1]                 | true
      10.20.0.0/16,192.0.2.7,fd00::/8 | [fe80::1]                      | false
      10.20.0.0/16,192.0.2.7,fd00::/8 | [::ffff:10.20.0.9]             | true
      127.0.0.0/8                   | 127.0.0.1                        | true
      127.0.0.0/8                   | localhost                        | false
      localhost                     | 127.0.0.1                        | false
      """)
  void aHostIsAllowedByAPatternOfItsKindOnly(String patterns, String host, boolean allowed) {
    // Names match names, addresses match addresses (an IPv4-mapped IPv6 address is its IPv4
    // address); nothing is resolved.
    assertThat(AllowedHosts.parse(patterns).allows(host)).isEqualTo(allowed);
  }

  @Test
  void patternsAreKeptAsGivenForMessages() {
    assertThat(AllowedHosts.parse("LB1.example.net, *.lb.example.net")).hasToString("lb1.example.net,*.lb.example.net");
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
