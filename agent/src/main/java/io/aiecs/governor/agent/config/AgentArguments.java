package io.aiecs.governor.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the {@code -javaagent:aiecs-governor.jar=ARGS} string: {@code key=value,key=value}, the prefix optional.
 * A comma inside a value is written {@code \,} (thread-name regexes need it); every other backslash is kept as
 * it is, so {@code \d} reaches the regex unchanged. List-valued keys ({@code tool-methods}, {@code entry},
 * {@code match.caller}) also accept {@code ;} between entries, so {@code tool-methods=a.B#x;a.C#*} needs no escape.
 */
final class AgentArguments {
  private AgentArguments() {}

  static List<RawSetting> parse(String args, List<String> problems) {
    List<RawSetting> settings = new ArrayList<>();
    if (args == null || args.isBlank()) {
      return settings;
    }
    for (String item : split(args)) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        continue; // tolerate "a=1,,b=2" and a trailing comma
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0 || trimmed.substring(0, eq).isBlank()) {
        problems.add("agent argument \"" + trimmed + "\": expected key=value");
        continue;
      }
      settings.add(RawSetting.written(trimmed.substring(0, eq), trimmed.substring(eq + 1),
          ConfigSource.AGENT_ARGUMENT));
    }
    return settings;
  }

  /** Splits on commas not preceded by a backslash, turning {@code \,} into {@code ,}. */
  static List<String> split(String args) {
    List<String> items = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (c == '\\' && i + 1 < args.length() && args.charAt(i + 1) == ',') {
        current.append(',');
        i++;
      } else if (c == ',') {
        items.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    items.add(current.toString());
    return items;
  }
}
