package io.aiecs.governor.bootstrap;

import io.aiecs.governor.ResourceStatus;
import java.util.Set;

/**
 * What the agent installs into {@link GovernorHooks}. Lives on the bootstrap class path so that inlined advice
 * in any class loader can reach it; implemented by the agent in its own isolated class loader.
 *
 * <p>Contract of {@link #enter}: returns {@code null} for a call that is not governed (pass-through), a
 * {@link io.aiecs.governor.GovernorException} for a deliberate refusal (the advice then skips the method and
 * throws it), or any other object as the token that {@link #exit} or {@link #exitAsync} receives back.
 */
public interface GovernorRuntime {
  /**
   * @param self    the client object whose method was called (for facts such as its base URL), or null
   * @param request the method's first argument, the request parameters
   */
  Object enter(int site, Object self, Object request);

  void exit(Object token, Object result, Throwable thrown);

  /**
   * A tool method is about to run: admit it against the tool-call budgets. Returns null, or a
   * {@link io.aiecs.governor.GovernorException} to throw instead of running the tool.
   */
  Object enterTool(String type, String method);

  /** For methods returning a {@code CompletableFuture}: settle the call when {@code future} completes. */
  void exitAsync(Object token, Object future, Throwable thrown);

  ResourceStatus status(String agentId);

  boolean awaitResources(String agentId, java.time.Duration timeout) throws InterruptedException;

  Set<String> agentIds();

  String currentAgentId();
}
