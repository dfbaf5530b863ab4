package io.aiecs.governor.agent.telemetry;

import static io.aiecs.governor.agent.telemetry.TelemetryNames.AGENT_ID;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.OUTCOME;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.TOOL_NAME;

import io.aiecs.governor.agent.telemetry.TelemetryNames.Outcome;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attribute sets of tool executions, one per agent, tool and outcome, built on first use and looked up by
 * their parts (no key object per call). Tools are the configured tool methods, so the set stays small.
 */
final class ToolAttributes {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, Attributes[]>>> byAgent =
      new ConcurrentHashMap<>();

  Attributes get(String agentId, String type, String method, Outcome outcome) {
    Attributes[] byOutcome = byAgent.computeIfAbsent(agentId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(type, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(method, k -> build(agentId, type + "#" + method));
    return byOutcome[outcome.ordinal()];
  }

  private static Attributes[] build(String agentId, String tool) {
    Outcome[] outcomes = Outcome.values();
    Attributes[] a = new Attributes[outcomes.length];
    for (Outcome o : outcomes) {
      a[o.ordinal()] = Attributes.of(AGENT_ID, agentId, TOOL_NAME, tool, OUTCOME, o.value());
    }
    return a;
  }
}
