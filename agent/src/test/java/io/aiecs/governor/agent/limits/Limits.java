package io.aiecs.governor.agent.limits;

import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import java.time.Duration;

/** Terse construction of {@link AgentLimits} for tests. */
final class Limits {
  int concurrency = AgentLimits.UNLIMITED;
  long perMinute = AgentLimits.UNLIMITED;
  long perHour = AgentLimits.UNLIMITED;
  long burst = AgentLimits.UNLIMITED;
  boolean enforce = true;
  boolean reject = false;
  Duration waitTimeout = Duration.ofSeconds(60);
  long toolsPerMinute = AgentLimits.UNLIMITED;
  long toolsPerHour = AgentLimits.UNLIMITED;
  long memoryMb = AgentLimits.UNLIMITED;
  double throttle = AgentLimits.NO_THROTTLING;

  static Limits limits() {
    return new Limits();
  }

  Limits concurrency(int v) { concurrency = v; return this; }
  Limits perMinute(long v) { perMinute = v; return this; }
  Limits perHour(long v) { perHour = v; return this; }
  Limits burst(long v) { burst = v; return this; }
  Limits monitor() { enforce = false; return this; }
  Limits reject() { reject = true; return this; }
  Limits waitTimeout(Duration v) { waitTimeout = v; return this; }
  Limits toolsPerMinute(long v) { toolsPerMinute = v; return this; }
  Limits toolsPerHour(long v) { toolsPerHour = v; return this; }
  Limits memoryMb(long v) { memoryMb = v; return this; }
  Limits throttle(double v) { throttle = v; return this; }

  AgentLimits build() {
    long b = burst > 0 ? burst : perMinute;
    return new AgentLimits(concurrency, perMinute, perHour, b, enforce, reject, waitTimeout, toolsPerMinute,
        toolsPerHour, memoryMb, null, throttle, RejectAs.GOVERNOR);
  }
}
