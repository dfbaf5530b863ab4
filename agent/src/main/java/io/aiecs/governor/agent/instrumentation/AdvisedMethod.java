package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.advice.CallAdvice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One method to weave: the type that declares it (by exact name, so that type matching stays cheap), which
 * of its methods, which shared advice, and the call site the advice reports as.
 */
public record AdvisedMethod(String typeName, ElementMatcher<? super MethodDescription> method, String adviceClass,
                            int siteId) {

  /**
   * A client call, blocking or async: its return value carries the usage, or, when it returns a
   * {@code CompletableFuture}, that future's value does.
   */
  public static AdvisedMethod call(String typeName, ElementMatcher<? super MethodDescription> method, int siteId) {
    return new AdvisedMethod(typeName, method, CallAdvice.class.getName(), siteId);
  }
}
