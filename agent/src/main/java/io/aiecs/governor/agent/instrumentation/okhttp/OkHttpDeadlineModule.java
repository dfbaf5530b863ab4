package io.aiecs.governor.agent.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.instrumentation.advice.HttpCallAdvice;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.usage.PropertyPath;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;

/**
 * OkHttp 4 (under openai-java, Anthropic's SDK, Google GenAI): deadlines of governed tasks reach the wire. Calls
 * made outside a governed task are left alone.
 */
public final class OkHttpDeadlineModule implements InstrumentationModule {
  // Assembled at run time: the agent jar relocates the OkHttp it bundles (for OTLP/gRPC), and the shade plugin
  // rewrites any literal "okhttp3…" (even "okhttp3" alone) to the relocated name, and the application's OkHttp
  // would not match. AgentJarIT checks that no instrumentation names a relocated package.
  static final String REAL_CALL = "okhttp".concat("3.internal.connection.RealCall");
  static final String OKIO_TIMEOUT = "ok".concat("io.Timeout"); // "okio" alone would be relocated too

  @Override
  public String name() {
    return "okhttp-deadline";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    String advice = HttpCallAdvice.class.getName();
    int transport = sites.registerTransport(OkHttpDeadlineModule::applyDeadline);
    return List.of(
        new AdvisedMethod(REAL_CALL, named("execute").and(takesArguments(0)), advice, transport),
        new AdvisedMethod(REAL_CALL, named("enqueue").and(takesArguments(1)), advice, transport));
  }

  /** {@link #applyDeadline}'s calls: {@code RealCall.timeout()}, then okio's {@code Timeout.deadlineNanoTime(long)}. */
  @Override
  public List<Reference> references() {
    return List.of(Reference.method(REAL_CALL, "timeout"),
        Reference.method(OKIO_TIMEOUT, "deadlineNanoTime", "long"));
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("OkHttp 4, under any client (openai-java, anthropic-java, google-genai, …)",
            "com.squareup.okhttp3:okhttp", "`RealCall.execute`/`enqueue`: the task's deadline goes onto the call",
            "4.12.0")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.ASYNC, "`enqueue`");
  }

  private static final PropertyPath TIMEOUT = PropertyPath.of("timeout");
  private static final ClassValue<MethodHandle> SET_DEADLINE = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      try {
        // declared by okio.Timeout; the call's own timeout is an anonymous subclass
        Method m = type.getMethod("deadlineNanoTime", long.class);
        return MethodHandles.publicLookup().unreflect(m)
            .asType(MethodType.methodType(void.class, Object.class, long.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  /** {@code call.timeout().deadlineNanoTime(deadline)}: OkHttp cancels the call when it passes. */
  public static boolean applyDeadline(Object call, long deadlineSystemNanos) {
    Object timeout = TIMEOUT.read(call);
    MethodHandle set = timeout == null ? null : SET_DEADLINE.get(timeout.getClass());
    if (set == null) {
      return false;
    }
    try {
      set.invokeExact(timeout, deadlineSystemNanos);
      return true;
    } catch (Throwable t) {
      return false;
    }
  }
}
