package io.aiecs.governor.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of all sources after key validation and precedence. Sources must be added highest precedence
 * first: for each exact key the first setting wins. Only winning values are parsed, so a higher source can
 * override (and thereby fix) a bad value; bad keys are reported wherever they appear.
 *
 * <p>This runs on the host's main thread before its {@code main} (issue 6): plain loops, no lambdas or streams.
 */
final class ResolvedSettings {
  /** A hash key; equals and hashCode written out, not a record's (bootstrapped through invokedynamic). */
  private static final class SourcedKey {
    private final ConfigSource.Kind kind;
    private final SettingKey key;

    SourcedKey(ConfigSource.Kind kind, SettingKey key) {
      this.kind = kind;
      this.key = key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SourcedKey k && kind == k.kind && key.equals(k.key);
    }

    @Override
    public int hashCode() {
      return 31 * kind.hashCode() + key.hashCode();
    }
  }

  private final List<String> problems;
  private final Map<SourcedKey, RawSetting> seen = new HashMap<>();
  private final Map<SettingKey, RawSetting> winners = new LinkedHashMap<>();
  private final SortedSet<String> agentIds = new TreeSet<>();
  private final Map<SettingKey, Object> values = new HashMap<>();
  private final Set<SettingKey> invalid = new HashSet<>();
  private final Map<String, RawSetting> otel = new TreeMap<>();
  private final Collection<String> names;

  /** @param names what {@link ConfigKey#named()} keys accept in place of {@code <name>} */
  ResolvedSettings(List<String> problems, Collection<String> names) {
    this.problems = problems;
    this.names = List.copyOf(names);
  }

  void addAll(List<RawSetting> settings) {
    for (RawSetting s : settings) {
      add(s);
    }
  }

  private void add(RawSetting s) {
    if (s.key().startsWith(ConfigKey.OTEL_PASS_THROUGH)) {
      otel.putIfAbsent(s.key(), s); // sources come highest first; the SDK checks the value
      return;
    }
    KeyResolver.Resolution r = KeyResolver.resolve(s.key(), s.source(), names);
    if (r.problem() != null) {
      problems.add(s.describe() + ": " + r.problem());
      return;
    }
    SettingKey key = r.key();
    if (s.source().kind() == ConfigSource.Kind.FILE && key.key() == ConfigKey.CONFIG_FILE) {
      problems.add(s.describe() + ": cannot be set inside a config file");
      return;
    }
    RawSetting earlier = seen.putIfAbsent(new SourcedKey(s.source().kind(), key), s);
    if (earlier != null) {
      // e.g. max_tokens_per_minute and max-tokens-per-minute side by side: neither may silently win
      problems.add(s.describe() + ": same setting as " + earlier.describe());
      return;
    }
    winners.putIfAbsent(key, s);
    if (key.agentId() != null) {
      agentIds.add(key.agentId());
    }
  }

  /** Parses every winning value; call once, after the last source was added. */
  void parseValues() {
    for (Map.Entry<SettingKey, RawSetting> e : winners.entrySet()) {
      ValueParser.Parsed p = ValueParser.parse(e.getKey().key(), e.getValue().value());
      if (p.error() != null) {
        problems.add(e.getValue().describe() + ": " + p.error());
        invalid.add(e.getKey());
      } else {
        values.put(e.getKey(), p.value());
      }
    }
  }

  Optional<RawSetting> winner(SettingKey key) {
    return Optional.ofNullable(winners.get(key));
  }

  <T> Optional<T> value(SettingKey key, Class<T> type) {
    return Optional.ofNullable(type.cast(values.get(key)));
  }

  /** The elements of a list-valued setting, if it has a valid value. */
  <E> Optional<List<E>> list(SettingKey key, Class<E> elementType) {
    List<?> list = (List<?>) values.get(key);
    if (list == null) {
      return Optional.empty();
    }
    List<E> typed = new ArrayList<>(list.size());
    for (Object element : list) {
      typed.add(elementType.cast(element));
    }
    return Optional.of(Collections.unmodifiableList(typed));
  }

  /**
   * The value in effect at {@code key}'s level: its own, else what it inherits ({@link SettingKey#lookup()}):
   * an agent the plain value, the process scope the plain value of a shared mode.
   */
  <T> Optional<T> merged(SettingKey key, Class<T> type) {
    SettingKey k = mergedKey(key);
    return k == null ? Optional.empty() : value(k, type);
  }

  /** The setting {@link #merged} takes its value from, if any. */
  Optional<RawSetting> mergedSource(SettingKey key) {
    SettingKey k = mergedKey(key);
    return k == null ? Optional.empty() : winner(k);
  }

  /** The first key of {@code key}'s lookup with a valid value, else null. */
  private SettingKey mergedKey(SettingKey key) {
    for (SettingKey k : key.lookup()) {
      if (values.containsKey(k)) {
        return k;
      }
    }
    return null;
  }

  /** Whether a value that {@link #merged} might have used was rejected (so follow-up checks stay quiet). */
  boolean anyInvalid(SettingKey key) {
    for (SettingKey k : key.lookup()) {
      if (invalid.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** Name to value of each valid setting of a {@link ConfigKey#named()} key, sorted by name. */
  <T> Map<String, T> namedValues(ConfigKey key, Class<T> type) {
    Map<String, T> named = new TreeMap<>();
    for (Map.Entry<SettingKey, Object> e : values.entrySet()) {
      SettingKey k = e.getKey();
      if (k.key() == key && k.name() != null) {
        named.put(k.name(), type.cast(e.getValue()));
      }
    }
    return named;
  }

  /** Whether any {@code global.<key>} is set, that is, whether the process scope exists. */
  boolean anyProcessSetting() {
    for (SettingKey k : winners.keySet()) {
      if (k.process()) {
        return true;
      }
    }
    return false;
  }

  /** Every agent id named by a valid {@code agent.<id>.} key, sorted. */
  SortedSet<String> agentIds() {
    return Collections.unmodifiableSortedSet(agentIds);
  }

  /** {@code otel.<name>} to value, of every {@code aiecs.governor.otel.<name>} setting that won. */
  Map<String, String> otelProperties() {
    Map<String, String> properties = new TreeMap<>();
    for (Map.Entry<String, RawSetting> e : otel.entrySet()) {
      properties.put(e.getKey(), e.getValue().value());
    }
    return properties;
  }

  /**
   * {@code key=value (source)} of each winning setting, sorted by key, for a startup log. (Sorted by canonical
   * key, which is one to one with the setting keys: a plain key never starts with {@code agent.} or {@code global.}.)
   */
  List<String> describeWinners() {
    Map<String, RawSetting> sorted = new TreeMap<>();
    for (Map.Entry<SettingKey, RawSetting> e : winners.entrySet()) {
      sorted.put(e.getKey().canonical(), e.getValue());
    }
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, RawSetting> e : sorted.entrySet()) {
      lines.add(describe(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, RawSetting> e : otel.entrySet()) {
      lines.add(describe(e.getKey(), e.getValue()));
    }
    return lines;
  }

  private static String describe(String canonicalKey, RawSetting s) {
    return ConfigKey.PREFIX + canonicalKey + "=" + s.value() + " (" + s.source().label() + ")";
  }
}
