package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.operator.GoDuration;
import java.time.Duration;
import picocli.CommandLine;

/** Flags take Go-style durations (10s, 1m30s), as the resource's interval does. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return GoDuration.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("expected a duration such as 10s or 1m, got " + value);
    }
  }
}
