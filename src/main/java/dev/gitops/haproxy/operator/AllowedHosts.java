package dev.gitops.haproxy.operator;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts the operator's administrator lets resources name as Data Plane API targets. Whoever may
 * edit an HAProxyConfig chooses where the operator connects and sends credentials; this list is
 * what bounds that choice.
 *
 * <p>Patterns: {@code *} (any host), a host name ({@code lb1.example.net}), a wildcard for the
 * names below a domain ({@code *.lb.example.net}: one or more labels, not the domain itself), an
 * IP address, or a CIDR block ({@code 10.20.0.0/16}, {@code fd00::/8}). Names are compared as
 * names and addresses as addresses: nothing is resolved, because the answer of a DNS lookup made
 * at check time need not be the address connected to later.
 */
public final class AllowedHosts {

  /** No host: only co-located targets, which the administrator declared by name. */
  public static final AllowedHosts NONE = new AllowedHosts(List.of(), "");

  private static final Pattern NAME = Pattern.compile(
      "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  /** Hex digits, colons and dots with at least one colon: only ever parsed as an IPv6 literal. */
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f]*:[0-9a-f:.]*");
  /** A name whose last label is all digits is a mistyped address, not a host name. */
  private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(.*\\.)?\\d+");

  private sealed interface Rule permits AnyHost, ExactName, Subdomains, Block {
    boolean allows(String name, Optional<InetAddress> address);
  }

  private record AnyHost() implements Rule {
    @Override
    public boolean allows(String name, Optional<InetAddress> address) {
      return true;
    }
  }

  private record ExactName(String name) implements Rule {
    @Override
    public boolean allows(String host, Optional<InetAddress> address) {
      return address.isEmpty() && host.equals(name);
    }
  }

  private record Subdomains(String domain) implements Rule {
    @Override
    public boolean allows(String host, Optional<InetAddress> address) {
      return address.isEmpty() && host.endsWith("." + domain);
    }
  }

  private record Block(BigInteger network, int prefix, int bits) implements Rule {
    @Override
    public boolean allows(String host, Optional<InetAddress> address) {
      return address.filter(a -> a.getAddress().length * 8 == bits)
          .map(a -> new BigInteger(1, a.getAddress()).shiftRight(bits - prefix).equals(network))
          .orElse(false);
    }
  }

  private final List<Rule> rules;
  private final String description;

  private AllowedHosts(List<Rule> rules, String description) {
    this.rules = rules;
    this.description = description;
  }

  /**
   * Parses a comma-separated list of patterns.
   *
   * @throws IllegalArgumentException naming the pattern that is none of the accepted forms
   */
  public static AllowedHosts parse(String patterns) {
    List<Rule> rules = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (String raw : patterns.split(",")) {
      String pattern = raw.strip().toLowerCase(Locale.ROOT);
      if (pattern.isEmpty()) {
        continue;
      }
      rules.add(rule(pattern));
      kept.add(pattern);
    }
    return new AllowedHosts(List.copyOf(rules), String.join(",", kept));
  }

  private static Rule rule(String pattern) {
    if (pattern.equals("*")) {
      return new AnyHost();
    }
    int slash = pattern.indexOf('/');
    Optional<InetAddress> address = address(slash < 0 ? pattern : pattern.substring(0, slash));
    if (address.isPresent()) {
      return block(pattern, address.get(), slash < 0 ? null : pattern.substring(slash + 1));
    }
    if (pattern.startsWith("*.") && NAME.matcher(pattern.substring(2)).matches()) {
      return new Subdomains(pattern.substring(2));
    }
    if (NAME.matcher(pattern).matches() && !NUMERIC_LAST_LABEL.matcher(pattern).matches()) {
      return new ExactName(pattern);
    }
    throw new IllegalArgumentException("'" + pattern + "' is not a host pattern: use *, a host name, *.domain, an IP "
        + "address or a CIDR block");
  }

  /** {@code network/prefix}, or one address when {@code prefixText} is null. */
  private static Rule block(String pattern, InetAddress network, String prefixText) {
    int bits = network.getAddress().length * 8;
    int prefix;
    try {
      prefix = prefixText == null ? bits : Integer.parseInt(prefixText);
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("'" + pattern + "' is not a CIDR block");
    }
    BigInteger value = new BigInteger(1, network.getAddress());
    if (!value.shiftRight(bits - prefix).shiftLeft(bits - prefix).equals(value)) {
      // 10.1.2.3/8 was meant as 10.0.0.0/8 or as one host: refuse to guess which.
      throw new IllegalArgumentException("'" + pattern + "' has host bits set; write the network address");
    }
    return new Block(value.shiftRight(bits - prefix), prefix, bits);
  }

  /** The address an IP literal denotes, never a DNS lookup. */
  private static Optional<InetAddress> address(String host) {
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
      return Optional.empty();
    }
    try {
      // A valid dotted quad, or a string with a colon: InetAddress parses either and never resolves it.
      return Optional.of(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether a target may be reached at {@code host}, as java.net.URI gives it (IPv6 in brackets). */
  public boolean allows(String host) {
    String normalized = host.toLowerCase(Locale.ROOT);
    // "lb1.example.net." is the same host as "lb1.example.net".
    if (normalized.endsWith(".")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    Optional<InetAddress> address = address(normalized);
    String name = normalized;
    return rules.stream().anyMatch(rule -> rule.allows(name, address));
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The patterns as given, for messages: "none" when empty. */
  @Override
  public String toString() {
    return description.isEmpty() ? "none" : description;
  }
}
