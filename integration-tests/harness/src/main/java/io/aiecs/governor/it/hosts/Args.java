package io.aiecs.governor.it.hosts;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} arguments of a host. */
public final class Args {
  private Args() {}

  public static Map<String, String> parse(String[] argv) {
    Map<String, String> m = new HashMap<>();
    for (String s : argv) {
      int eq = s.indexOf('=');
      m.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return m;
  }
}
