/**
 * Configuration of the governor: keys, sources, precedence and validation.
 *
 * <p>{@link io.aiecs.governor.agent.config.ConfigLoader#load} reads, highest precedence first: the agent argument
 * string ({@code key=value,...}, prefix optional, {@code \,} for a comma in a value), system properties under
 * {@code aiecs.governor.}, environment variables {@code AIECS_GOVERNOR_*}, the file named by {@code config-file}
 * (UTF-8 properties, prefix optional), then defaults. Precedence is decided per exact key; after that an agent's
 * {@code agent.<id>.<key>} beats the global {@code <key>}. snake_case spellings are accepted for every key
 * except {@code match.thread}, {@code match.caller} and {@code match.model}.
 *
 * <p>Three levels: plain {@code <key>} (global-only keys, and each agent's default limits and modes),
 * {@code agent.<id>.<key>}, and {@code global.<key>}, the process scope of all agents together, which inherits
 * the plain modes but not the plain limits (see {@link io.aiecs.governor.agent.config.ConfigKey}). The order in
 * which rules attribute a call to an agent is documented on {@link io.aiecs.governor.agent.config.GovernorConfig}.
 *
 * <p>Rules worth knowing: agent ids are {@code [A-Za-z0-9_-]+} and case-sensitive, but ids from environment
 * variables are lowercased; numeric limits accept {@code unlimited} so one agent can lift a global limit; only
 * the winning value of a key is validated (a higher source can override a bad one), while unknown keys and the
 * same key written twice in one source are always problems; an empty {@code config-file} means no file.
 *
 * <p>Nothing here reads the JVM's state except {@link io.aiecs.governor.agent.config.ConfigLoader#loadFromJvm}.
 */
package io.aiecs.governor.agent.config;
