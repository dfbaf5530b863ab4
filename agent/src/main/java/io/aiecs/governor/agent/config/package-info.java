/**
 * Configuration of the governor: keys, sources, precedence and validation.
 *
 * <p>{@link io.aiecs.governor.agent.config.ConfigLoader#load} reads, highest precedence first: the agent argument
 * string ({@code key=value,...}, prefix optional, {@code \,} for a comma in a value), system properties under
 * {@code aiecs.governor.}, environment variables {@code AIECS_GOVERNOR_*}, the file named by {@code config-file}
 * (UTF-8 properties, prefix optional), then defaults. Precedence is decided per exact key; after that an agent's
 * {@code agent.<id>.<key>} beats the global {@code <key>}. snake_case spellings are accepted for every key
 * except {@code match.thread}.
 *
 * <p>Rules worth knowing: agent ids are {@code [A-Za-z0-9_-]+} and case-sensitive, but ids from environment
 * variables are lowercased; numeric limits accept {@code unlimited} so one agent can lift a global limit; only
 * the winning value of a key is validated (a higher source can override a bad one), while unknown keys and the
 * same key written twice in one source are always problems; an empty {@code config-file} means no file.
 *
 * <p>Nothing here reads the JVM's state except {@link io.aiecs.governor.agent.config.ConfigLoader#loadFromJvm}.
 */
package io.aiecs.governor.agent.config;
