package io.aiecs.governor.agent.config;

import java.util.List;

/** The outcome of {@link ConfigLoader#load}: a configuration, or every problem found. */
public final class ConfigResult {
  private final GovernorConfig config;
  private final List<String> problems;
  private final List<String> effectiveSettings;

  ConfigResult(GovernorConfig config, List<String> problems, List<String> effectiveSettings) {
    this.problems = List.copyOf(problems);
    this.config = this.problems.isEmpty() ? config : null;
    this.effectiveSettings = List.copyOf(effectiveSettings);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** @throws IllegalStateException listing the problems, if the configuration is not valid */
  public GovernorConfig config() {
    if (!valid()) {
      throw new IllegalStateException("invalid aiecs-governor configuration:\n  " + String.join("\n  ", problems));
    }
    return config;
  }

  /** One line per problem: {@code full.key=value (source): what is wrong}. Empty when valid. */
  public List<String> problems() {
    return problems;
  }

  /** One line per setting in effect, {@code full.key=value (source)}, sorted by key; for a startup log. */
  public List<String> effectiveSettings() {
    return effectiveSettings;
  }

  @Override
  public String toString() {
    return valid() ? "ConfigResult[valid, " + config + "]" : "ConfigResult[invalid, " + problems + "]";
  }
}
