package io.aiecs.governor.agent.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.instrumentation.advice.ExecutorAdvice;
import io.aiecs.governor.agent.instrumentation.advice.ExecutorCallableAdvice;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.util.List;

/**
 * Carries an entry-point task, and a governed call in flight, across the JDK's thread pools:
 * {@code ThreadPoolExecutor} (behind most {@code ExecutorService}s, and {@code submit}, which ends in
 * {@code execute}), {@code ForkJoinPool} (the common pool behind {@code CompletableFuture}'s async stages) and {@code ScheduledThreadPoolExecutor}. New
 * threads, virtual ones included, inherit the task anyway. A call in flight matters where an async SDK sends
 * its request from a pool thread (openai-java's {@code thenComposeAsync}): there the task's deadline still reaches
 * the wire, and lower layers (the HTTP fallback) see the request is governed already.
 */
public final class ExecutorsModule implements InstrumentationModule {

  @Override
  public String name() {
    return "executors";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    var execute = named("execute").and(takesArguments(1)).and(takesArgument(0, named("java.lang.Runnable")));
    // ScheduledThreadPoolExecutor queues its work itself (execute and submit end in schedule), never via execute
    var scheduleRunnable = namedOneOf("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay")
        .and(takesArgument(0, named("java.lang.Runnable")));
    var scheduleCallable = named("schedule").and(takesArgument(0, named("java.util.concurrent.Callable")));
    String runnable = ExecutorAdvice.class.getName();
    String callable = ExecutorCallableAdvice.class.getName();
    return List.of(
        new AdvisedMethod(THREAD_POOL, execute, runnable, -1),
        new AdvisedMethod(FORK_JOIN_POOL, execute, runnable, -1),
        new AdvisedMethod(SCHEDULED_POOL, scheduleRunnable, runnable, -1),
        new AdvisedMethod(SCHEDULED_POOL, scheduleCallable, callable, -1));
  }

  private static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
  private static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
  private static final String SCHEDULED_POOL = "java.util.concurrent.ScheduledThreadPoolExecutor";

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("JDK thread pools", null,
            "`ThreadPoolExecutor.execute`, `ForkJoinPool.execute`, `ScheduledThreadPoolExecutor.schedule*`: the"
                + " running entry-point task and the governed call in flight go with the work")
        .with(LibrarySupport.Mode.ASYNC, "`ExecutorService`, `CompletableFuture`'s async stages, scheduled work");
  }
}
