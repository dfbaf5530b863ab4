package io.aiecs.governor.bootstrap;

import io.aiecs.governor.ResourceStatus;
import java.util.Set;

/**
 * What the agent installs into {@link GovernorHooks}. Lives on the bootstrap class path so that inlined advice
 * in any class loader can reach it; implemented by the agent in its own isolated class loader.
 *
 * <p>Contract of {@link #enter}: returns {@code null} for a call that is not governed (pass-through), a
 * {@link Throwable} for a deliberate refusal (the advice then skips the method and throws it: a
 * {@link io.aiecs.governor.GovernorException}, or the client library's own rate-limit exception), or any
 * other object as the token that {@link #exit} receives back.
 */
public interface GovernorRuntime {
  /**
   * @param self    the client object whose method was called (for facts such as its base URL), or null
   * @param request the method's first argument, the request parameters
   */
  Object enter(int site, Object self, Object request);

  /**
   * Settles a call when its method returns or throws; a {@code CompletableFuture} result settles when it
   * completes. Returns the exception to throw instead of {@code thrown}, or null to keep it.
   */
  Throwable exit(Object token, Object result, Throwable thrown);

  /**
   * The method of an admitted streaming call returned {@code result}: arranges for the call to be settled when
   * the stream ends (completes, fails, is cancelled or closed, or becomes unreachable) and returns what the method
   * returns instead.
   */
  Object track(Object token, Object result);

  /** The handler an admitted call reports through, wrapped so that its callbacks settle the call. */
  Object trackArgument(Object token, Object handler);

  /** {@code result}, a publisher not yet started, wrapped so that it is admitted on subscription. */
  Object defer(int site, Object self, Object request, Object result);

  /**
   * An HTTP call is about to start on this thread ({@code call} is the HTTP client's call object): apply what is
   * left of the enclosing task's deadline to it. Returns null, or a {@link io.aiecs.governor.GovernorException}
   * to throw instead of starting it (the deadline has passed).
   */
  Object httpCall(int transport, Object call);

  /**
   * An HTTP request with an immutable timeout ({@code java.net.http}) is about to be sent on this thread, by the
   * client advised as {@code site}: returns it with what is left of the enclosing task's deadline as its timeout,
   * or unchanged outside tasks with a deadline.
   */
  Object httpRequest(int site, Object request);

  /**
   * The body handler of an HTTP request about to be sent on this thread by the client advised as {@code site}
   * ({@code token} is what {@link #enter} gave for it): for a request sent for a call governed above it, within a
   * deadline, the handler wrapped so that a body still arriving when the deadline passes is cut (the exchange
   * cancelled, the read failed with the task's timeout); otherwise {@code handler} itself.
   */
  Object httpBody(int site, Object token, Object handler);

  /**
   * One attempt of a client's own retry loop is about to be sent by {@code self}, the client's per-attempt HTTP
   * layer (woven as {@code transport}). When this thread is inside a call refused with {@code reject-as=client}
   * and not yet admitted, the attempt is admitted again. Returns null (send it), the response to answer the attempt
   * with instead of sending it (the client's own 429, which its retry loop handles), or a
   * {@link io.aiecs.governor.GovernorException} to throw.
   */
  default Object attempt(int transport, Object self) {
    return null;
  }

  /** An HTTP call failed: returns the exception to throw instead (the task's deadline passed), or null. */
  Throwable httpCallFailed(Throwable thrown);

  /**
   * A tool method is about to run: admit it against the tool-call budgets. Returns null, or a
   * {@link io.aiecs.governor.GovernorException} to throw instead of running the tool.
   */
  Object enterTool(String type, String method);

  /**
   * A framework is about to run one tool at tool site {@code site} ({@code self} and {@code args}: the advised
   * method's receiver, null when static, and arguments): admit it against the tool-call budgets. Returns null to
   * run as it is; when refused, what delivers the refusal the way the framework reports any failing tool: the
   * arguments to run with instead (the tool's executor replaced by one that fails with the refusal), or the
   * exception the method throws instead of running.
   */
  default Object enterToolExecution(int site, Object self, Object[] args) {
    return null;
  }

  /**
   * An entry-point method of an agent ({@code agent.<id>.entry}) starts: admit it as a task of that agent. Returns
   * a token for {@link #exitTask}, null (not governed, or nested in a task already), or a
   * {@link io.aiecs.governor.GovernorException} to throw instead of running it.
   */
  Object enterTask(int entry);

  /** The entry-point method ended; returns the exception to throw instead of {@code thrown}, or null. */
  Throwable exitTask(Object token, Throwable thrown);

  /** The task the current thread works for, to hand to work it submits elsewhere; null outside tasks. */
  Object currentTask();

  /** Makes the current thread work for {@code task} (from {@link #currentTask()}); returns what it worked for. */
  Object resumeTask(Object task);

  /**
   * A method of a library's own stream object (one a tracker watches, see {@link #streamExit}) starts on this
   * thread. Returns a token for {@link #streamExit}, or null when {@code source} is not watched.
   */
  default Object streamEnter(Object source) {
    return null;
  }

  /**
   * That method ended with {@code value} (or {@code thrown}); {@code event} says what it means for the stream
   * (an element, the answer to "is there more", a close). Returns the exception to throw instead, or null.
   */
  default Throwable streamExit(Object token, int event, Object value, Throwable thrown) {
    return null;
  }

  ResourceStatus status(String agentId);

  boolean awaitResources(String agentId, java.time.Duration timeout) throws InterruptedException;

  Set<String> agentIds();

  String currentAgentId();
}
