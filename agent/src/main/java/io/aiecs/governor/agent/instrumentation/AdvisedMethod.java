package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.advice.AsyncCallAdvice;
import io.aiecs.governor.agent.instrumentation.advice.SyncCallAdvice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One method to weave: the type that declares it (by exact name, so that type matching stays cheap), which
 * of its methods, which shared advice, and the call site the advice reports as.
 */
public record AdvisedMethod(String typeName, ElementMatcher<? super MethodDescription> method, String adviceClass,
                            int siteId) {

  /** A blocking method whose return value carries the usage. */
  public static AdvisedMethod sync(String typeName, ElementMatcher<? super MethodDescription> method, int siteId) {
    return new AdvisedMethod(typeName, method, SyncCallAdvice.class.getName(), siteId);
  }

  /** A method returning a {@code CompletableFuture} whose value carries the usage. */
  public static AdvisedMethod async(String typeName, ElementMatcher<? super MethodDescription> method, int siteId) {
    return new AdvisedMethod(typeName, method, AsyncCallAdvice.class.getName(), siteId);
  }
}
