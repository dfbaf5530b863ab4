package io.aiecs.governor.bench.hosts;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} arguments of a host main. */
final class HostArgs {
  private final Map<String, String> values = new HashMap<>();

  HostArgs(String[] argv) {
    for (String s : argv) {
      int eq = s.indexOf('=');
      values.put(s.substring(0, eq), s.substring(eq + 1));
    }
  }

  String get(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing argument " + key + "=...");
    }
    return v;
  }

  int getInt(String key, int otherwise) {
    String v = values.get(key);
    return v == null ? otherwise : Integer.parseInt(v);
  }

  String get(String key, String otherwise) {
    return values.getOrDefault(key, otherwise);
  }
}
