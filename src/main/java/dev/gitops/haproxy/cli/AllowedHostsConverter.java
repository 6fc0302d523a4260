package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.operator.AllowedHosts;
import picocli.CommandLine;

/** A comma-separated list of host patterns; a pattern that is none of the accepted forms is a usage error. */
final class AllowedHostsConverter implements CommandLine.ITypeConverter<AllowedHosts> {

  @Override
  public AllowedHosts convert(String value) {
    try {
      return AllowedHosts.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
