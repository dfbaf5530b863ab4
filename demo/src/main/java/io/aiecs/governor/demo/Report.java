package io.aiecs.governor.demo;

import io.aiecs.governor.Governor;
import io.aiecs.governor.ResourceStatus;
import io.aiecs.governor.demo.server.FakeOpenAiServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The end-of-run table: per agent, what the app saw, what the server counted (an observer independent of the
 * governor), and what the governor reports about itself. The three should tell the same story.
 */
final class Report {
  private Report() {}

  static void print(PrintStream out, List<AgentWorkload> agents, FakeOpenAiServer server, Duration took) {
    boolean governed = Governor.isActive();
    String rowFormat = "%-11s %-17s | %5s %5s %8s %6s %7s | %8s %7s |%s%n";
    out.printf("run took %.1f s%n%n", took.toMillis() / 1000.0);
    out.printf("%-29s | %-35s | %-16s |%s%n", "", "app view", "server observer",
        governed ? " governor" : "");
    out.printf(rowFormat, "agent", "api", "calls", "ok", "rejected", "failed", "tokens", "requests", "tokens",
        governed ? String.format(" %-10s %8s %6s %8s %9s %7s %9s %12s",
            "charged-to", "admitted", "waited", "rejected", "would-rej", "tokens", "left/min", "active/max") : "");
    for (AgentWorkload a : agents) {
      Tally t = a.tally;
      String requests = server == null ? "n/a" : Long.toString(server.requestsByAgent().getOrDefault(a.name, 0L));
      String tokens = server == null ? "n/a" : Long.toString(server.tokensByAgent().getOrDefault(a.name, 0L));
      out.printf(rowFormat, a.name, a.api.label, t.calls(), t.succeededCount(), t.rejected(), t.failedCount(),
          t.tokens(), requests, tokens, governed ? governorColumns(a) : "");
    }
    out.println();
    if (!governed) {
      out.println("governor agent not attached — ungoverned run (every call went through; compare the tokens).");
    }
    for (AgentWorkload a : agents) {
      Tally t = a.tally;
      if (!t.byException().isEmpty()) {
        out.println(a.name + ": exceptions " + t.byException());
      }
      if (t.firstRejection() != null) {
        out.println("  first rejection: " + t.firstRejection());
      }
      if (t.firstFailure() != null) {
        out.println("  first unexpected failure: " + t.firstFailure());
      }
    }
  }

  private static String governorColumns(AgentWorkload a) {
    ResourceStatus s = Governor.status(a.name);
    String left = s.tokensLeftPerMinute() == ResourceStatus.UNLIMITED ? "unlimited"
        : Long.toString(s.tokensLeftPerMinute());
    String max = s.maxConcurrentTasks() == ResourceStatus.UNLIMITED ? "unlimited"
        : Long.toString(s.maxConcurrentTasks());
    // would-rej: what enforcement would have refused; non-zero only in monitor mode (enforce-limits=false)
    return String.format(" %-10s %8d %6d %8d %9d %7d %9s %12s", String.valueOf(a.governorAgentId.get()),
        s.admittedCalls(), s.waitedCalls(), s.rejectedCalls(), s.wouldRejectCalls(), s.totalTokens(), left,
        s.activeTasks() + "/" + max);
  }
}
