package io.aiecs.governor.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps {@code AIECS_GOVERNOR_*} environment variables to canonical keys.
 * {@code AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE} becomes {@code max-tokens-per-minute};
 * {@code AIECS_GOVERNOR_AGENT_<ID>_<KEY>} becomes {@code agent.<id>.<key>}, where {@code <KEY>} is the longest
 * known key the name ends with (a global-only one too, so that its misuse gets a precise message) and the id is
 * lowercased (environment names are upper case by convention, so {@code RESEARCH_BOT} means the agent
 * {@code research_bot}). Ids containing {@code -} cannot be set this way.
 * {@code AIECS_GOVERNOR_GLOBAL_<KEY>} becomes {@code global.<key>}, the process scope ({@code GLOBAL} is reserved
 * there; {@code AIECS_GOVERNOR_AGENT_GLOBAL_<KEY>} is the agent {@code global}).
 */
final class EnvironmentVariables {
  private static final String AGENT = "AGENT_";
  private static final String GLOBAL = "GLOBAL_";
  private static final String OTEL = "OTEL_";

  private EnvironmentVariables() {}

  static List<RawSetting> read(Map<String, String> env) {
    List<RawSetting> settings = new ArrayList<>();
    if (env == null) {
      return settings;
    }
    // sorted, so problems come out in the same order on every run
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (name.startsWith(ConfigSource.ENV_PREFIX) && e.getValue() != null) {
        String key = toKey(name.substring(ConfigSource.ENV_PREFIX.length()));
        settings.add(new RawSetting(key, ConfigKey.PREFIX + key, e.getValue().trim(), ConfigSource.environment(name)));
      }
    }
    return settings;
  }

  static String toKey(String rest) {
    String upper = rest.toUpperCase(Locale.ROOT);
    if (upper.startsWith(OTEL)) { // OpenTelemetry's mapping: OTEL_METRICS_EXPORTER is otel.metrics.exporter
      return rest.toLowerCase(Locale.ROOT).replace('_', '.');
    }
    if (upper.startsWith(AGENT)) {
      return agentKey(upper.substring(AGENT.length()));
    }
    if (upper.startsWith(GLOBAL)) {
      return Keys.GLOBAL + plainKey(upper.substring(GLOBAL.length()));
    }
    return plainKey(upper);
  }

  private static String plainKey(String upper) {
    for (ConfigKey k : ConfigKey.values()) {
      Optional<String> name = envName(k, upper);
      if (name.isPresent()) {
        return k.withName(name.get());
      }
      if (envForm(k.key()).equals(upper)) {
        return k.key(); // keeps the dot of match.thread, so its misuse gets a precise message
      }
    }
    return kebab(upper);
  }

  /**
   * The name in the environment form of a {@link ConfigKey#named()} key, kebab-case:
   * {@code INSTRUMENTATION_OPENAI_JAVA_ENABLED} holds {@code openai-java}.
   */
  private static Optional<String> envName(ConfigKey k, String upper) {
    if (!k.named()) {
      return Optional.empty();
    }
    int at = k.key().indexOf(ConfigKey.NAME);
    String before = envForm(k.key().substring(0, at));
    String after = envForm(k.key().substring(at + ConfigKey.NAME.length()));
    if (upper.length() > before.length() + after.length() && upper.startsWith(before) && upper.endsWith(after)) {
      return Optional.of(kebab(upper.substring(before.length(), upper.length() - after.length())));
    }
    return Optional.empty();
  }

  private static String agentKey(String rest) {
    ConfigKey best = null;
    for (ConfigKey k : ConfigKey.values()) {
      String suffix = "_" + envForm(k.key());
      if (rest.endsWith(suffix) && rest.length() > suffix.length()
          && (best == null || k.key().length() > best.key().length())) {
        best = k;
      }
    }
    if (best != null) {
      String id = rest.substring(0, rest.length() - envForm(best.key()).length() - 1);
      return Keys.perAgent(id.toLowerCase(Locale.ROOT), best);
    }
    return guessAgentKey(rest);
  }

  /**
   * No known key ends the name, so it is misspelt: split id and key where the key part is closest to a known
   * key, so that the "did you mean" suggestion keeps the id the user meant.
   */
  private static String guessAgentKey(String rest) {
    String[] tokens = rest.split("_", -1);
    if (tokens.length < 2) {
      return Keys.AGENT + rest.toLowerCase(Locale.ROOT);
    }
    int bestSplit = 1;
    int bestDistance = Integer.MAX_VALUE;
    for (int split = 1; split < tokens.length; split++) {
      String keyPart = kebab(String.join("_", List.of(tokens).subList(split, tokens.length)));
      for (ConfigKey k : ConfigKey.values()) {
        int d = k.perAgent() ? DidYouMean.distance(keyPart, k.key().replace('.', '-')) : Integer.MAX_VALUE;
        if (d < bestDistance) {
          bestDistance = d;
          bestSplit = split;
        }
      }
    }
    String id = String.join("_", List.of(tokens).subList(0, bestSplit)).toLowerCase(Locale.ROOT);
    String keyPart = kebab(String.join("_", List.of(tokens).subList(bestSplit, tokens.length)));
    return Keys.AGENT + id + "." + keyPart;
  }

  private static String envForm(String key) {
    return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private static String kebab(String upperSnake) {
    return upperSnake.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
