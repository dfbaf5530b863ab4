package io.aiecs.governor.agent.telemetry;

import static io.aiecs.governor.agent.telemetry.TelemetryNames.AGENT_ID;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.LIMIT;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.OUTCOME;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.WINDOW;

import io.aiecs.governor.Limit;
import io.aiecs.governor.agent.telemetry.TelemetryNames.Outcome;
import io.opentelemetry.api.common.Attributes;

/**
 * Every attribute set the governor's own instruments use for one agent, built when telemetry starts (agents
 * are fixed by the configuration), so that recording a decision allocates nothing.
 */
final class AgentAttributes {
  private static final Limit[] LIMITS = Limit.values();

  final String agentId;
  final Attributes agent;
  final Attributes minuteWindow;
  final Attributes hourWindow;
  /** [outcome][0 = no limit, 1 + limit ordinal] */
  private final Attributes[][] decisions;
  /** [0 = unknown, 1 + limit ordinal] */
  private final Attributes[] wouldReject;
  private final Attributes[] waits;

  AgentAttributes(String agentId) {
    this.agentId = agentId;
    this.agent = Attributes.of(AGENT_ID, agentId);
    this.minuteWindow = Attributes.of(AGENT_ID, agentId, WINDOW, "minute");
    this.hourWindow = Attributes.of(AGENT_ID, agentId, WINDOW, "hour");
    Outcome[] outcomes = Outcome.values();
    this.decisions = new Attributes[outcomes.length][LIMITS.length + 1];
    this.waits = new Attributes[outcomes.length];
    for (Outcome o : outcomes) {
      Attributes base = Attributes.of(AGENT_ID, agentId, OUTCOME, o.value());
      waits[o.ordinal()] = base;
      decisions[o.ordinal()][0] = base;
      for (Limit l : LIMITS) {
        decisions[o.ordinal()][l.ordinal() + 1] = base.toBuilder().put(LIMIT, TelemetryNames.limitValue(l)).build();
      }
    }
    this.wouldReject = new Attributes[LIMITS.length + 1];
    wouldReject[0] = agent;
    for (Limit l : LIMITS) {
      wouldReject[l.ordinal() + 1] = Attributes.of(AGENT_ID, agentId, LIMIT, TelemetryNames.limitValue(l));
    }
  }

  /** Agent, outcome and (when one decided) the limit. */
  Attributes decision(Outcome outcome, Limit limit) {
    return decisions[outcome.ordinal()][limit == null ? 0 : limit.ordinal() + 1];
  }

  /** Agent and outcome: for the wait histogram, whose buckets already multiply its series. */
  Attributes wait(Outcome outcome) {
    return waits[outcome.ordinal()];
  }

  Attributes wouldReject(Limit limit) {
    return wouldReject[limit == null ? 0 : limit.ordinal() + 1];
  }
}
