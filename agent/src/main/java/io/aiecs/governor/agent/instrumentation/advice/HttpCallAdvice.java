package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into an HTTP client's call execution (OkHttp's {@code RealCall.execute} and {@code enqueue}): the
 * remaining time of the enclosing governed task goes onto the wire as the call's deadline, so a task that runs
 * out of time really stops its request. A call started after the deadline is not started at all, and a call the
 * deadline cut short fails with {@link io.aiecs.governor.TaskTimeoutException} — not an I/O error a client
 * library would retry.
 */
public final class HttpCallAdvice {
  private HttpCallAdvice() {}

  @Advice.OnMethodEnter(skipOn = GovernorException.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int transport, @Advice.This Object call) {
    return GovernorHooks.httpCall(transport, call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object decision, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (decision instanceof GovernorException) {
      thrown = (GovernorException) decision;
      return;
    }
    Throwable replaced = GovernorHooks.httpCallFailed(thrown);
    if (replaced != null) {
      thrown = replaced;
    }
  }
}
