package io.aiecs.governor.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test shorthand for building sources. */
final class Sources {
  private Sources() {}

  /** {@code map("k1", "v1", "k2", "v2")}. */
  static Map<String, String> map(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static ConfigResult args(String agentArgs) {
    return ConfigLoader.load(agentArgs, Map.of(), Map.of());
  }

  static ConfigResult sys(String... keysAndValues) {
    return ConfigLoader.load(null, map(keysAndValues), Map.of());
  }

  static ConfigResult env(String... keysAndValues) {
    return ConfigLoader.load(null, Map.of(), map(keysAndValues));
  }
}
