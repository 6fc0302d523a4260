package dev.gitops.haproxy.config.diff;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.Section;
import java.util.List;
import java.util.Optional;

/** A diff as JSON: readable text only (see {@code ConfigText}), line numbers of both files. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiffView(List<SectionView> sections, List<SettingView> outside) {

  /** A section; {@code line} in the new file, {@code oldLine} in the old one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SectionView(String section, String change, Integer line, Integer oldLine, List<ServerView> servers,
      List<SettingView> directives) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServerView(String name, String change, LineView before, LineView after, List<String> details) {
  }

  public record SettingView(String key, String change, List<LineView> before, List<LineView> after) {
  }

  public record LineView(int line, String text) {
    static LineView of(Directive directive) {
      return new LineView(directive.line(), Secrets.hidden(directive));
    }
  }

  public static DiffView of(ConfigDiff diff) {
    return new DiffView(diff.sections().stream().map(DiffView::section).toList(),
        diff.outside().stream().map(DiffView::setting).toList());
  }

  private static SectionView section(SectionDiff section) {
    return new SectionView(section.label(), name(section.change()), section.after().map(Section::line).orElse(null),
        section.before().map(Section::line).orElse(null),
        section.servers().stream().map(DiffView::server).toList(),
        section.directives().stream().map(DiffView::setting).toList());
  }

  private static ServerView server(ServerChange server) {
    return new ServerView(server.label(), name(server.change()), line(server.before().map(s -> s.directive())),
        line(server.after().map(s -> s.directive())), server.details().isEmpty() ? null : server.details());
  }

  private static SettingView setting(DirectiveChange change) {
    return new SettingView(change.label(), name(change.change()), change.before().stream().map(LineView::of).toList(),
        change.after().stream().map(LineView::of).toList());
  }

  private static LineView line(Optional<Directive> directive) {
    return directive.map(LineView::of).orElse(null);
  }

  private static String name(Change change) {
    return change.name().toLowerCase();
  }
}
