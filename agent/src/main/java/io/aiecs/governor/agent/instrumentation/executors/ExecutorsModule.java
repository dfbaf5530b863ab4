package io.aiecs.governor.agent.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.instrumentation.advice.ExecutorAdvice;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.util.List;

/**
 * Carries an entry-point task across the JDK's thread pools: {@code ThreadPoolExecutor} (behind most
 * {@code ExecutorService}s, and {@code submit}, which ends in {@code execute}) and {@code ForkJoinPool} (the
 * common pool behind {@code CompletableFuture}'s async stages). Only when entry points are configured.
 */
public final class ExecutorsModule implements InstrumentationModule {
  private final boolean enabled;

  public ExecutorsModule(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public String name() {
    return "executors";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    if (!enabled) {
      return List.of();
    }
    var execute = named("execute").and(takesArguments(1)).and(takesArgument(0, named("java.lang.Runnable")));
    String advice = ExecutorAdvice.class.getName();
    return List.of(
        new AdvisedMethod("java.util.concurrent.ThreadPoolExecutor", execute, advice, -1),
        new AdvisedMethod("java.util.concurrent.ForkJoinPool", execute, advice, -1));
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("JDK thread pools, only when entry points are configured", null,
            "`ThreadPoolExecutor.execute`, `ForkJoinPool.execute`: the running entry-point task goes with the work")
        .with(LibrarySupport.Mode.ASYNC, "`ExecutorService`, `CompletableFuture`'s async stages");
  }

  /** The JDK types this module weaves, which the weaver otherwise leaves alone. */
  public static List<String> jdkTypes() {
    return List.of("java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool");
  }
}
