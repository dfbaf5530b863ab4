package io.aiecs.governor.agent.config;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads the configuration from, highest precedence first: agent arguments, system properties, environment
 * variables, the file named by {@code config-file}, defaults. Precedence applies per exact key; then, for an
 * agent, its own {@code agent.<id>.<key>} beats the global {@code <key>}, whichever sources they came from.
 * All problems are collected, none is thrown.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static ConfigResult load(String agentArgs, Map<String, String> systemProperties, Map<String, String> env) {
    return load(agentArgs, systemProperties, env, PropertiesReader.files());
  }

  /** As below, knowing no instrumentation name: every {@code instrumentation.<name>.enabled} is a problem. */
  public static ConfigResult load(String agentArgs, Map<String, String> systemProperties, Map<String, String> env,
                                  PropertiesReader fileReader) {
    return load(agentArgs, systemProperties, env, fileReader, Set.of());
  }

  /**
   * @param instrumentations the names {@code aiecs.governor.instrumentation.<name>.enabled} accepts: those of the
   *                         instrumentation modules the agent ships
   */
  public static ConfigResult load(String agentArgs, Map<String, String> systemProperties, Map<String, String> env,
                                  PropertiesReader fileReader, Collection<String> instrumentations) {
    List<String> problems = new ArrayList<>();
    ResolvedSettings settings = new ResolvedSettings(problems, instrumentations);
    settings.addAll(AgentArguments.parse(agentArgs, problems));
    settings.addAll(prefixed(systemProperties, ConfigSource.SYSTEM_PROPERTY));
    settings.addAll(EnvironmentVariables.read(env));
    RawSetting configFile = settings.winner(SettingKey.global(ConfigKey.CONFIG_FILE)).orElse(null);
    if (configFile != null && !configFile.value().isEmpty()) { // empty: switches off a file named by a lower source
      settings.addAll(readFile(configFile, fileReader, problems));
    }
    settings.parseValues();
    GovernorConfig config = new ConfigAssembler(settings, problems).assemble();
    return new ConfigResult(config, problems, settings.describeWinners());
  }

  /** Convenience for the agent's entry point: snapshots this JVM's system properties and environment. */
  public static ConfigResult loadFromJvm(String agentArgs, Collection<String> instrumentations) {
    return load(agentArgs, toMap(System.getProperties()), System.getenv(), PropertiesReader.files(), instrumentations);
  }

  /** A copy of the string entries of {@code properties}. */
  public static Map<String, String> toMap(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }

  /** System properties: only keys under the prefix belong to us (java.version etc. are ignored). */
  private static List<RawSetting> prefixed(Map<String, String> properties, ConfigSource source) {
    List<RawSetting> settings = new ArrayList<>();
    if (properties != null) {
      for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
        if (e.getKey().startsWith(ConfigKey.PREFIX) && e.getValue() != null) {
          settings.add(RawSetting.written(e.getKey(), e.getValue(), source));
        }
      }
    }
    return settings;
  }

  /** The config file is ours alone, so every key in it counts, with or without the prefix. */
  private static List<RawSetting> readFile(RawSetting configFile, PropertiesReader reader, List<String> problems) {
    List<RawSetting> settings = new ArrayList<>();
    try {
      Path path = Path.of(configFile.value());
      ConfigSource source = ConfigSource.file(path);
      for (Map.Entry<String, String> e : toMap(reader.read(path)).entrySet()) {
        settings.add(RawSetting.written(e.getKey(), e.getValue(), source));
      }
    } catch (InvalidPathException e) {
      problems.add(configFile.describe() + ": not a valid path (" + e.getReason() + ")");
    } catch (NoSuchFileException e) {
      problems.add(configFile.describe() + ": file not found");
    } catch (IOException | RuntimeException e) { // RuntimeException: Properties.load rejects a bad \\u escape
      problems.add(configFile.describe() + ": cannot read file (" + oneLine(e) + ")");
    }
    return settings;
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
