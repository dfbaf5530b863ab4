package io.aiecs.governor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSite;
import io.aiecs.governor.agent.runtime.GovernedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredObserverTest {
  /** Records the order of what it is told. */
  static final class Recording implements CallObserver {
    final List<String> seen = new ArrayList<>();

    @Override
    public void admitted(GovernedCall call) {
      seen.add("admitted " + call.agentId());
    }

    @Override
    public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
      seen.add("rejected " + agentId);
    }

    @Override
    public void completed(GovernedCall call) {
      seen.add("completed " + call.agentId());
    }
  }

  private final FakeCalls calls = new FakeCalls(FakeCalls.limits(-1, 100, true, true, java.time.Duration.ZERO),
      (limiters, process) -> deferred());
  private DeferredObserver deferred;

  private DeferredObserver deferred() {
    deferred = new DeferredObserver(3);
    return deferred;
  }

  @Test
  void whatHappensBeforeTheSdkIsReadyIsRecordedWhenItIs() {
    calls.call(10, FakeCalls.response(100, 50, 0, 0));
    try {
      calls.call(10, FakeCalls.response(1, 1, 0, 0));
    } catch (ResourceLimitExceededException expected) {
      // refused: the budget is spent
    }
    Recording target = new Recording();
    deferred.ready(target);
    assertThat(target.seen).containsExactly("admitted bot", "completed bot", "rejected bot");

    try {
      calls.call(0, null);
    } catch (ResourceLimitExceededException expected) {
      // still spent: refused, and now passed straight on
    }
    assertThat(target.seen).hasSize(4).last().isEqualTo("rejected bot");
  }

  @Test
  void beyondItsCapacityEventsAreDroppedAndCounted() {
    calls.call(10, FakeCalls.response(1, 1, 0, 0));
    calls.call(10, FakeCalls.response(1, 1, 0, 0));
    Recording target = new Recording();
    deferred.ready(target);

    assertThat(target.seen).hasSize(3);
    assertThat(deferred.dropped()).isEqualTo(1);
  }
}
