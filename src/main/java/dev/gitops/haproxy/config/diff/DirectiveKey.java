package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.SectionKind;

/**
 * Which setting a directive is, so that a diff can say "timeout client changed" rather than "line
 * 12 changed". Directives with the same key are compared as one ordered list: the order of
 * {@code http-request} rules matters, the order of {@code maxconn} against {@code mode} does not.
 */
final class DirectiveKey {

  private DirectiveKey() {
  }

  /**
   * The keyword, with its second word where that names an independent setting ({@code timeout
   * client}, {@code option httplog}, {@code acl is_api}). The modifiers {@code no} and
   * {@code default} belong to the value: {@code no option httplog} is a value of {@code option httplog}.
   */
  static String of(SectionKind section, Directive directive) {
    int first = isModifier(directive.keyword()) && directive.words().size() > 1 ? 1 : 0;
    String keyword = directive.words().get(first);
    String second = directive.word(first + 1);
    return second != null && namedBySecondWord(section, keyword) ? keyword + " " + second : keyword;
  }

  private static boolean isModifier(String word) {
    return word.equals("no") || word.equals("default");
  }

  private static boolean namedBySecondWord(SectionKind section, String keyword) {
    return switch (keyword) {
      case "timeout", "option", "acl", "stats", "errorfile", "errorloc", "errorloc302", "errorloc303", "compression",
          "external-check", "email-alert", "capture", "hold", "setenv", "presetenv", "unsetenv", "resetenv" -> true;
      case "user", "group" -> section == SectionKind.USERLIST;
      case "peer" -> section == SectionKind.PEERS;
      case "nameserver" -> section == SectionKind.RESOLVERS;
      case "mailer" -> section == SectionKind.MAILERS;
      default -> false;
    };
  }
}
