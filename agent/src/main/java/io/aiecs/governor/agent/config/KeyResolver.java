package io.aiecs.governor.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Maps a canonical key to a {@link SettingKey}, or explains in one phrase why it is not a valid key. */
final class KeyResolver {

  /** Exactly one of {@code key} and {@code problem} is non-null. */
  record Resolution(SettingKey key, String problem) {
    static Resolution ok(SettingKey key) {
      return new Resolution(key, null);
    }

    static Resolution problem(String problem) {
      return new Resolution(null, problem);
    }
  }

  private KeyResolver() {}

  /** @param names the names {@link ConfigKey#named()} keys accept (the instrumentation modules') */
  static Resolution resolve(String key, ConfigSource source, Collection<String> names) {
    if (key.startsWith(Keys.AGENT)) {
      int dot = key.indexOf('.', Keys.AGENT.length());
      if (dot >= 0) {
        return resolvePerAgent(key.substring(Keys.AGENT.length(), dot), key.substring(dot + 1), key, source);
      }
    }
    if (key.startsWith(Keys.GLOBAL)) {
      return resolveProcess(key.substring(Keys.GLOBAL.length()), key, source);
    }
    for (ConfigKey k : ConfigKey.values()) {
      Optional<String> name = k.nameIn(key);
      if (name.isPresent()) {
        return names.contains(name.get())
            ? Resolution.ok(SettingKey.named(k, name.get()))
            : Resolution.problem("unknown name \"" + name.get() + "\" (known: " + String.join(", ", names) + ")"
                + DidYouMean.suggest(key, namedCandidates(names)).map(s -> "; did you mean " + source.render(s) + "?")
                    .orElse(""));
      }
    }
    Optional<ConfigKey> known = ConfigKey.byKey(key);
    if (known.isPresent() && known.get().global()) {
      return Resolution.ok(SettingKey.global(known.get()));
    }
    if (known.isPresent()) {
      return agentOnly(key, source);
    }
    List<String> candidates = globalCandidates(key);
    candidates.addAll(namedCandidates(names));
    return unknown(key, candidates, source);
  }

  /** Every spelling of the {@link ConfigKey#named()} keys with the known names. */
  private static List<String> namedCandidates(Collection<String> names) {
    List<String> candidates = new ArrayList<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (k.named()) {
        names.forEach(n -> candidates.add(k.withName(n)));
      }
    }
    return candidates;
  }

  private static Resolution resolvePerAgent(String id, String rest, String key, ConfigSource source) {
    if (!Keys.isValidAgentId(id)) {
      return Resolution.problem("invalid agent id \"" + id + "\" (" + Keys.AGENT_ID_RULE + ")");
    }
    Optional<ConfigKey> known = ConfigKey.byKey(rest);
    if (known.isPresent() && known.get().perAgent()) {
      return Resolution.ok(SettingKey.of(id, known.get()));
    }
    if (known.isPresent()) {
      return Resolution.problem(rest + " cannot be set per agent; use " + source.render(rest));
    }
    return unknown(key, perAgentCandidates(id), source);
  }

  private static Resolution resolveProcess(String rest, String key, ConfigSource source) {
    Optional<ConfigKey> known = ConfigKey.byKey(rest);
    if (known.isPresent() && known.get().processWide()) {
      return Resolution.ok(SettingKey.process(known.get()));
    }
    if (known.isPresent() && known.get().global()) {
      return Resolution.problem(rest + " cannot be set process-wide; use " + source.render(rest));
    }
    if (known.isPresent()) {
      return agentOnly(rest, source);
    }
    return unknown(key, processCandidates(), source);
  }

  private static Resolution agentOnly(String key, ConfigSource source) {
    return Resolution.problem(key + " is set per agent only; use " + source.render(Keys.AGENT + "<id>." + key));
  }

  private static Resolution unknown(String key, List<String> candidates, ConfigSource source) {
    return Resolution.problem(DidYouMean.suggest(key, candidates)
        .map(s -> "unknown key; did you mean " + source.render(s) + "?")
        .orElse("unknown key"));
  }

  /**
   * Global keys and the process-scope forms, plus the per-agent forms when the key looks like a misspelt
   * {@code agent.<id>.<key>}.
   */
  private static List<String> globalCandidates(String key) {
    List<String> candidates = candidates(ConfigKey::global, ConfigKey::key);
    candidates.addAll(processCandidates());
    String[] parts = key.split("\\.", 3);
    if (parts.length == 3 && Keys.isValidAgentId(parts[1])) {
      candidates.addAll(perAgentCandidates(parts[1]));
    }
    return candidates;
  }

  private static List<String> processCandidates() {
    return candidates(ConfigKey::processWide, Keys::process);
  }

  private static List<String> perAgentCandidates(String agentId) {
    return candidates(ConfigKey::perAgent, k -> Keys.perAgent(agentId, k));
  }

  private static List<String> candidates(Predicate<ConfigKey> settable, Function<ConfigKey, String> spelling) {
    List<String> candidates = new ArrayList<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (settable.test(k)) {
        candidates.add(spelling.apply(k));
      }
    }
    return candidates;
  }
}
