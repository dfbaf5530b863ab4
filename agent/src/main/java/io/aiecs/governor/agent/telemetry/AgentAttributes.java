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
  /** [outcome][{@link #limitIndex}] */
  private final Attributes[][] decisions;
  /** [{@link #limitIndex}] */
  private final Attributes[] wouldReject;
  private final Attributes[] waits;

  AgentAttributes(String agentId) {
    this.agentId = agentId;
    this.agent = Attributes.of(AGENT_ID, agentId);
    this.minuteWindow = Attributes.of(AGENT_ID, agentId, WINDOW, "minute");
    this.hourWindow = Attributes.of(AGENT_ID, agentId, WINDOW, "hour");
    Outcome[] outcomes = Outcome.values();
    this.decisions = new Attributes[outcomes.length][];
    this.waits = new Attributes[outcomes.length];
    for (Outcome o : outcomes) {
      Attributes base = Attributes.of(AGENT_ID, agentId, OUTCOME, o.value());
      waits[o.ordinal()] = base;
      decisions[o.ordinal()] = withLimits(base);
    }
    this.wouldReject = withLimits(agent);
  }

  /** {@code base}, and {@code base} with each limit of the agent and of the process scope. */
  private static Attributes[] withLimits(Attributes base) {
    Attributes[] a = new Attributes[1 + 2 * LIMITS.length];
    a[0] = base;
    for (Limit l : LIMITS) {
      a[limitIndex(l, false)] = base.toBuilder().put(LIMIT, TelemetryNames.limitValue(l, false)).build();
      a[limitIndex(l, true)] = base.toBuilder().put(LIMIT, TelemetryNames.limitValue(l, true)).build();
    }
    return a;
  }

  /** 0 without a limit; 1 + ordinal for the agent's; 1 + limits + ordinal for the process scope's. */
  private static int limitIndex(Limit limit, boolean process) {
    return limit == null ? 0 : 1 + limit.ordinal() + (process ? LIMITS.length : 0);
  }

  /** Agent, outcome and (when one decided) the limit, the agent's or the process scope's. */
  Attributes decision(Outcome outcome, Limit limit, boolean process) {
    return decisions[outcome.ordinal()][limitIndex(limit, process)];
  }

  /** Agent and outcome: for the wait histogram, whose buckets already multiply its series. */
  Attributes wait(Outcome outcome) {
    return waits[outcome.ordinal()];
  }

  Attributes wouldReject(Limit limit, boolean process) {
    return wouldReject[limitIndex(limit, process)];
  }
}
