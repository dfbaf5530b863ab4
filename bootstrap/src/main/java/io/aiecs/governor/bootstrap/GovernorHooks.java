package io.aiecs.governor.bootstrap;

import io.aiecs.governor.GovernorException;

/**
 * The static entry points that inlined advice calls. Visible from every class loader (bootstrap class path).
 *
 * <p>Until the agent installs its runtime, every hook is a no-op. Each hook catches everything the runtime
 * throws except a deliberate {@link GovernorException}, which {@link #enter} hands back as its result so that
 * the advice can throw it into the application; faults of the agent itself are reported and swallowed.
 */
public final class GovernorHooks {
  private static volatile GovernorRuntime runtime;

  private GovernorHooks() {}

  /** Installs the runtime; returns false if one was installed already (the agent runs once per JVM). */
  public static synchronized boolean install(GovernorRuntime r) {
    if (runtime != null) {
      return false;
    }
    runtime = r;
    return true;
  }

  /** Removes the runtime; for tests and for an orderly shutdown. */
  public static synchronized void uninstall() {
    runtime = null;
  }

  public static GovernorRuntime runtime() {
    return runtime;
  }

  public static Object enter(int site, Object self, Object request) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return null;
    }
    try {
      return r.enter(site, self, request);
    } catch (GovernorException decision) {
      return decision;
    } catch (Throwable fault) {
      AgentFaults.report("enter", fault);
      return null;
    }
  }

  public static Object enterTask(int entry) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return null;
    }
    try {
      return r.enterTask(entry);
    } catch (GovernorException decision) {
      return decision;
    } catch (Throwable fault) {
      AgentFaults.report("enterTask", fault);
      return null;
    }
  }

  public static Throwable exitTask(Object token, Throwable thrown) {
    GovernorRuntime r = runtime;
    if (r == null || token == null) {
      return null;
    }
    try {
      return r.exitTask(token, thrown);
    } catch (Throwable fault) {
      AgentFaults.report("exitTask", fault);
      return null;
    }
  }

  /**
   * Called by advice on executors: the task to run, wrapped so that it works for the current entry-point task
   * on whatever thread runs it; unchanged outside tasks.
   */
  public static Runnable propagate(Runnable work) {
    GovernorRuntime r = runtime;
    if (r == null || work == null || work instanceof TaskRunnable) {
      return work;
    }
    try {
      Object task = r.currentTask();
      return task == null ? work : new TaskRunnable(work, task);
    } catch (Throwable fault) {
      AgentFaults.report("propagate", fault);
      return work;
    }
  }

  /** As {@link #propagate(Runnable)}, for a {@code Callable}. */
  public static <V> java.util.concurrent.Callable<V> propagate(java.util.concurrent.Callable<V> work) {
    GovernorRuntime r = runtime;
    if (r == null || work == null || work instanceof TaskCallable) {
      return work;
    }
    try {
      Object task = r.currentTask();
      return task == null ? work : new TaskCallable<>(work, task);
    } catch (Throwable fault) {
      AgentFaults.report("propagate", fault);
      return work;
    }
  }

  /**
   * A future that a client completes on a thread of its own (the timer its retry loop sleeps on): the future
   * returned instead completes in the context current here (the entry-point task, the call in flight), so the work
   * the client chains onto it (its retried request) is part of the same call and is not counted again below it.
   */
  @SuppressWarnings("unchecked")
  public static Object carryCompletion(Object result) {
    GovernorRuntime r = runtime;
    if (r == null || !(result instanceof java.util.concurrent.CompletableFuture)) {
      return result;
    }
    try {
      Object task = r.currentTask();
      if (task == null) {
        return result;
      }
      java.util.concurrent.CompletableFuture<Object> source = (java.util.concurrent.CompletableFuture<Object>) result;
      java.util.concurrent.CompletableFuture<Object> carried = new java.util.concurrent.CompletableFuture<>();
      source.whenComplete((value, error) -> new TaskRunnable(() -> {
        if (error != null) {
          carried.completeExceptionally(error);
        } else {
          carried.complete(value);
        }
      }, task).run());
      return carried;
    } catch (Throwable fault) {
      AgentFaults.report("carryCompletion", fault);
      return result;
    }
  }

  static Object resume(Object task) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return null;
    }
    try {
      return r.resumeTask(task);
    } catch (Throwable fault) {
      AgentFaults.report("resume", fault);
      return null;
    }
  }

  public static Object enterTool(String type, String method) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return null;
    }
    try {
      return r.enterTool(type, method);
    } catch (GovernorException decision) {
      return decision;
    } catch (Throwable fault) {
      AgentFaults.report("enterTool", fault);
      return null;
    }
  }

  /** See {@link GovernorRuntime#enterToolExecution}: null (run as it is) on any fault. */
  public static Object enterToolExecution(int site, Object self, Object[] args) {
    GovernorRuntime r = runtime;
    if (r == null || args == null) {
      return null;
    }
    try {
      return r.enterToolExecution(site, self, args);
    } catch (Throwable fault) {
      AgentFaults.report("enterToolExecution", fault);
      return null;
    }
  }

  /** Returns the exception the call should end with instead of {@code thrown}, or null to leave it as it is. */
  public static Throwable exit(Object token, Object result, Throwable thrown) {
    GovernorRuntime r = runtime;
    if (r == null || token == null) {
      return null;
    }
    try {
      return r.exit(token, result, thrown);
    } catch (Throwable fault) {
      AgentFaults.report("exit", fault);
      return null;
    }
  }

  /**
   * A call that goes on after its method returns (a stream): hands the method's result to the call site's
   * tracker, which settles the call when the stream ends; returns what the method returns instead (usually the
   * result wrapped so that its end is seen). A null or foreign token returns {@code result} unchanged.
   */
  public static Object track(Object token, Object result) {
    GovernorRuntime r = runtime;
    if (r == null || token == null) {
      return result;
    }
    try {
      return r.track(token, result);
    } catch (Throwable fault) {
      AgentFaults.report("track", fault);
      return result;
    }
  }

  /**
   * A call that reports through a handler it is given (streaming callbacks): returns the handler to pass on
   * instead, which tells the call's permit what happened before the application's handler hears it.
   */
  public static Object trackArgument(Object token, Object handler) {
    GovernorRuntime r = runtime;
    if (r == null || token == null || handler == null) {
      return handler;
    }
    try {
      return r.trackArgument(token, handler);
    } catch (Throwable fault) {
      AgentFaults.report("trackArgument", fault);
      return handler;
    }
  }

  /**
   * A call whose work starts later (a cold {@code Flux} or {@code Mono}): returns {@code result} wrapped so that
   * admission happens when it is subscribed to, and the call is settled when it completes, fails or is cancelled.
   */
  public static Object defer(int site, Object self, Object request, Object result) {
    GovernorRuntime r = runtime;
    if (r == null || result == null) {
      return result;
    }
    try {
      return r.defer(site, self, request, result);
    } catch (Throwable fault) {
      AgentFaults.report("defer", fault);
      return result;
    }
  }

  /** A method of a stream object starts: the token for {@link #streamExit}, null when it is not watched. */
  public static Object streamEnter(Object source) {
    GovernorRuntime r = runtime;
    if (r == null || source == null) {
      return null;
    }
    try {
      return r.streamEnter(source);
    } catch (Throwable fault) {
      AgentFaults.report("streamEnter", fault);
      return null;
    }
  }

  /** That method ended: the exception to throw instead of {@code thrown}, or null. */
  public static Throwable streamExit(Object token, int event, Object value, Throwable thrown) {
    GovernorRuntime r = runtime;
    if (r == null || token == null) {
      return null;
    }
    try {
      return r.streamExit(token, event, value, thrown);
    } catch (Throwable fault) {
      AgentFaults.report("streamExit", fault);
      return null;
    }
  }

  /** See {@link GovernorRuntime#attempt}: null (send), a response to return instead, or a refusal to throw. */
  public static Object attempt(int transport, Object self) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return null;
    }
    try {
      return r.attempt(transport, self);
    } catch (GovernorException decision) {
      return decision;
    } catch (Throwable fault) {
      AgentFaults.report("attempt", fault);
      return null;
    }
  }

  public static Object httpCall(int transport, Object call) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return null;
    }
    try {
      return r.httpCall(transport, call);
    } catch (GovernorException decision) {
      return decision;
    } catch (Throwable fault) {
      AgentFaults.report("httpCall", fault);
      return null;
    }
  }

  public static Object httpRequest(int site, Object request) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return request;
    }
    try {
      return r.httpRequest(site, request);
    } catch (Throwable fault) {
      AgentFaults.report("httpRequest", fault);
      return request;
    }
  }

  public static Object httpBody(int site, Object token, Object handler) {
    GovernorRuntime r = runtime;
    if (r == null) {
      return handler;
    }
    try {
      return r.httpBody(site, token, handler);
    } catch (Throwable fault) {
      AgentFaults.report("httpBody", fault);
      return handler;
    }
  }

  public static Throwable httpCallFailed(Throwable thrown) {
    GovernorRuntime r = runtime;
    if (r == null || thrown == null) {
      return null;
    }
    try {
      return r.httpCallFailed(thrown);
    } catch (Throwable fault) {
      AgentFaults.report("httpCallFailed", fault);
      return null;
    }
  }

}
