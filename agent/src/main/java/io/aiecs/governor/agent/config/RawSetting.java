package io.aiecs.governor.agent.config;

/**
 * One key=value as found in one source, before validation.
 *
 * @param key canonical key: no prefix, kebab-case, e.g. {@code max-tokens-per-minute} or {@code agent.bot.match.thread}
 * @param displayKey the full key as the user wrote it (prefix added), used in messages so it can be found again
 * @param value the value, trimmed
 */
record RawSetting(String key, String displayKey, String value, ConfigSource source) {

  /** A setting written as a property key (agent argument, system property, file); the prefix is optional. */
  static RawSetting written(String writtenKey, String value, ConfigSource source) {
    String trimmed = writtenKey.trim();
    String suffix = trimmed.startsWith(ConfigKey.PREFIX) ? trimmed.substring(ConfigKey.PREFIX.length()) : trimmed;
    if (suffix.startsWith(ConfigKey.OTEL_PASS_THROUGH)) { // OpenTelemetry's own spelling, kept as written
      return new RawSetting(suffix, ConfigKey.PREFIX + suffix, value.trim(), source);
    }
    return new RawSetting(Keys.normalise(suffix), ConfigKey.PREFIX + suffix, value.trim(), source);
  }

  /** The start of every problem line about this setting: {@code key=value (source)}. */
  String describe() {
    return displayKey + "=" + value + " (" + source.label() + ")";
  }
}
