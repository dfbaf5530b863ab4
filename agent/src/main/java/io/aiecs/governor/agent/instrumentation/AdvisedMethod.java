package io.aiecs.governor.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.advice.AttemptAdvice;
import io.aiecs.governor.agent.instrumentation.advice.CallAdvice;
import io.aiecs.governor.agent.instrumentation.advice.CarriedCompletionAdvice;
import io.aiecs.governor.agent.instrumentation.advice.DeferredCallAdvice;
import io.aiecs.governor.agent.instrumentation.advice.HandlerCallAdvice;
import io.aiecs.governor.agent.instrumentation.advice.ReflectiveToolAdvice;
import io.aiecs.governor.agent.instrumentation.advice.StreamEventAdvice;
import io.aiecs.governor.agent.instrumentation.advice.StreamCallAdvice;
import io.aiecs.governor.agent.instrumentation.advice.ToolExecutionAdvice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One method to weave: the type that declares it (by exact name, so that type matching stays cheap), which
 * of its methods, which shared advice, and the call site the advice reports as.
 *
 * <p>{@code types}, when not null, widens the exact name to the classes it matches (see {@link #inSubtypes}):
 * for a library whose calls are implemented by many classes behind one interface (LangChain4j's
 * {@code ChatModel}). {@code typeName} then names that interface, the type the advice relies on.
 */
public record AdvisedMethod(String typeName, ElementMatcher<? super MethodDescription> method, String adviceClass,
                            int siteId, ElementMatcher<? super TypeDescription> types) {

  /** A method of the one type named {@code typeName}. */
  public AdvisedMethod(String typeName, ElementMatcher<? super MethodDescription> method, String adviceClass,
                       int siteId) {
    this(typeName, method, adviceClass, siteId, null);
  }

  /**
   * The same method in every class (not interface) that implements or extends {@code typeName}, in class loaders
   * that can see {@code typeName} (e.g. Spring AI's {@code ChatModel}): the methods each class declares itself.
   */
  public AdvisedMethod inSubtypes() {
    return inSubtypes(net.bytebuddy.matcher.ElementMatchers.any());
  }

  /** As {@link #inSubtypes()}, resolving the type hierarchy only of classes {@code candidates} accepts. */
  public AdvisedMethod inSubtypes(ElementMatcher<? super TypeDescription> candidates) {
    return new AdvisedMethod(typeName, method, adviceClass, siteId, Subtypes.of(typeName, candidates));
  }

  /**
   * A client call, blocking or async: its return value carries the usage, or, when it returns a
   * {@code CompletableFuture}, that future's value does.
   */
  public static AdvisedMethod call(String typeName, ElementMatcher<? super MethodDescription> method, int siteId) {
    return new AdvisedMethod(typeName, method, CallAdvice.class.getName(), siteId);
  }

  /**
   * A call that returns a stream (or a future of one): admitted on entry, settled when the stream ends. The site
   * needs a {@link io.aiecs.governor.agent.runtime.StreamTracker} registered for it.
   */
  public static AdvisedMethod stream(String typeName, ElementMatcher<? super MethodDescription> method, int siteId) {
    return new AdvisedMethod(typeName, method, StreamCallAdvice.class.getName(), siteId);
  }

  /**
   * A call that reports through a handler, its second argument: admitted on entry, settled through the handler.
   * The site's {@link io.aiecs.governor.agent.runtime.StreamTracker} wraps the handler.
   */
  public static AdvisedMethod handler(String typeName, ElementMatcher<? super MethodDescription> method, int siteId) {
    return new AdvisedMethod(typeName, method, HandlerCallAdvice.class.getName(), siteId);
  }

  /**
   * A framework method that runs one tool, through an executor among its arguments or as the tool itself. The
   * site is a tool site ({@link io.aiecs.governor.agent.runtime.CallSiteRegistry#registerToolSite}).
   */
  public static AdvisedMethod toolExecution(String typeName, ElementMatcher<? super MethodDescription> method,
                                            int toolSiteId) {
    return new AdvisedMethod(typeName, method, ToolExecutionAdvice.class.getName(), toolSiteId);
  }

  /**
   * A client's per-attempt HTTP method, below its own retry loop; {@code transportId} from
   * {@link io.aiecs.governor.agent.runtime.CallSiteRegistry#registerAttemptTransport}.
   */
  public static AdvisedMethod attempt(String typeName, ElementMatcher<? super MethodDescription> method,
                                      int transportId) {
    return new AdvisedMethod(typeName, method, AttemptAdvice.class.getName(), transportId);
  }

  /**
   * Whether this is a client's per-attempt transport ({@link #attempt}): checked and woven on its own, so that a
   * client built without that transport (another HTTP client) still has its calls governed at their methods.
   */
  public boolean isAttempt() {
    return AttemptAdvice.class.getName().equals(adviceClass);
  }

  /**
   * A client's asynchronous sleep whose future its retry loop chains the retried request onto, completed on a timer
   * thread of the client's: the caller's context goes with the completion ({@link CarriedCompletionAdvice}).
   * Versions of a client name it differently, so each is checked on its own ({@link #checkedAlone}).
   */
  public static AdvisedMethod carriedCompletion(String typeName, ElementMatcher<? super MethodDescription> method) {
    return new AdvisedMethod(typeName, method, CarriedCompletionAdvice.class.getName(), -1);
  }

  /**
   * {@link #carriedCompletion} of a client's {@code CompletableFuture<Void> sleepAsync(Duration)}: the sleep the
   * async retry loops of the Stainless-generated SDKs (openai-java, anthropic-java) chain their retries onto.
   */
  public static AdvisedMethod sleepAsync(String sleeperType) {
    return carriedCompletion(sleeperType, SLEEP_ASYNC);
  }

  private static final ElementMatcher<MethodDescription> SLEEP_ASYNC =
      named("sleepAsync").and(takesArguments(1)).and(takesArgument(0, named("java.time.Duration")))
          .and(not(isStatic())).and(not(isBridge()));

  /**
   * Whether the reference check looks at this method on its own rather than with the rest of its module: a part a
   * client may be built or released without ({@link #attempt}, {@link #carriedCompletion}).
   */
  public boolean checkedAlone() {
    return isAttempt() || CarriedCompletionAdvice.class.getName().equals(adviceClass);
  }

  /**
   * A call that returns a cold publisher: admitted on subscription. The site needs a
   * {@link io.aiecs.governor.agent.runtime.DeferredStart} registered for it.
   */
  public static AdvisedMethod deferred(String typeName, ElementMatcher<? super MethodDescription> method, int siteId) {
    return new AdvisedMethod(typeName, method, DeferredCallAdvice.class.getName(), siteId);
  }

  /**
   * A method of a library's own stream class whose result tells a watched stream's call something: {@code event}
   * is one of {@link io.aiecs.governor.agent.streams.WatchedStreams#ELEMENT}, {@code HAS_NEXT}, {@code CLOSE}.
   */
  public static AdvisedMethod streamEvent(String typeName, ElementMatcher<? super MethodDescription> method,
                                          int event) {
    return new AdvisedMethod(typeName, method, StreamEventAdvice.class.getName(), event);
  }

  /** A framework method that runs one tool through reflection, the tool's {@code Method} its first argument. */
  public static AdvisedMethod reflectiveTool(String typeName, ElementMatcher<? super MethodDescription> method) {
    return new AdvisedMethod(typeName, method, ReflectiveToolAdvice.class.getName(), -1);
  }
}
