package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.ResourceStatus;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.GovernorConfig;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.limits.Admission;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.streams.WatchedStreams;
import io.aiecs.governor.bootstrap.GovernorRuntime;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The runtime behind the hooks: attributes each call to an agent, asks that agent's limiter for admission,
 * and settles the call (usage charged, permit released) when it returns, throws or its future completes.
 *
 * <p>A call made while the same thread is already inside a governed call (one client layer calling another)
 * passes through, so one logical call is admitted and charged once.
 */
public final class CallGovernor implements GovernorRuntime {
  /** Token of a call nested inside a governed call on the same thread: passes through. */
  private static final Object NESTED = new Object();
  private static final long AWAIT_POLL_NANOS = 10_000_000L;
  /**
   * The wire is cut this long after a task's deadline: an async caller's future is failed with the
   * {@link io.aiecs.governor.TaskTimeoutException} at the deadline itself, and must not lose that race to the
   * client's own error for the cut connection. (A blocking caller's error is replaced at any time.)
   */
  static final long WIRE_GRACE_NANOS = 200_000_000L;

  private final Map<String, AgentLimiter> limiters;
  /** The process-wide scope all agents share ({@code aiecs.governor.global.*}), or null when none is set. */
  private final AgentLimiter process;
  private final AgentResolver<AgentLimiter> resolver;
  private final CallSiteRegistry sites;
  private final TimeSource time;
  private final CallObserver observer;
  private final ThreadLocal<Frame> frames = new InheritableThreadLocal<>() {
    @Override
    protected Frame initialValue() {
      return new Frame();
    }

    /**
     * A thread started inside a call does work for it (an async SDK's {@code thenComposeAsync} runs on a new
     * thread when the common pool has one core or less): it gets the call as current, not nested.
     */
    @Override
    protected Frame childValue(Frame parent) {
      Frame child = new Frame();
      child.current = parent.current == null || parent.current.isSettled() ? null : parent.current;
      child.retried = parent.retried == null || !parent.retried.awaitsAdmission() ? null : parent.retried;
      return child;
    }
  };
  /** The entry-point task the current thread works for; inherited by threads it starts. */
  private final InheritableThreadLocal<TaskPermit> tasks = new InheritableThreadLocal<>();
  /** Token of an entry point entered inside a running task: part of that task. */
  private static final Object NESTED_TASK = new Object();

  /** What this thread is inside of: how deeply nested in governed calls, and the outermost one. */
  static final class Frame {
    int depth;
    CallPermit current;
    /**
     * The call refused with {@code reject-as=client} that this thread's client retries (see {@link #attempt}): on the
     * calling thread, and for an async call on the client's threads it is carried to.
     */
    RetriedCall retried;
  }

  /**
   * @param sites the registry the woven advice's site ids refer to; instrumentations fill it before any class
   *              is woven, so every id an advice can pass is registered
   */
  public CallGovernor(Map<String, AgentLimiter> limiters, AgentLimiter process, AgentResolver<AgentLimiter> resolver,
                      CallSiteRegistry sites, TimeSource time, CallObserver observer) {
    this.limiters = Collections.unmodifiableMap(new LinkedHashMap<>(limiters));
    this.process = process;
    this.resolver = resolver;
    this.sites = sites;
    this.time = time;
    this.observer = observer;
  }

  /** Without telemetry, on the system clock. */
  public CallGovernor(Map<String, AgentLimiter> limiters, AgentResolver<AgentLimiter> resolver,
                      CallSiteRegistry sites) {
    this(limiters, null, resolver, sites, TimeSource.SYSTEM, CallObserver.NOOP);
  }

  @Override
  public Object enter(int siteId, Object self, Object request) {
    return enter(siteId, self, request, null);
  }

  /**
   * @param assembled who a deferred call was attributed to when the application assembled it (the entry-point task
   *                  then running, or the agent of the assembling thread), or null to attribute it here
   */
  private Object enter(int siteId, Object self, Object request, Attribution assembled) {
    Frame frame = frames.get();
    if (frame.depth > 0) {
      frame.depth++;
      return NESTED;
    }
    int transport = -1;
    CallRecognizer recognizer = sites.recognizer(siteId);
    if (recognizer != null && frame.current != null && !frame.current.isSettled()) {
      return null; // an HTTP request this thread sends for a call governed above it (carried here): counted there
    }
    if (recognizer != null) {
      CallRecognizer.Recognized call = recognizer.recognize(self, request);
      if (call == null) {
        return null; // not an LLM call: untouched
      }
      siteId = call.site();
      request = call.request();
      transport = call.transport();
    }
    CallSite site = sites.get(siteId);
    TaskPermit task = assembled != null ? assembled.task : tasks.get();
    boolean inTask = task != null && task.active();
    AgentLimiter limiter = inTask ? task.limiter
        : assembled != null ? assembled.agent : resolver.current(request, site.semantics().requestModel());
    CallPermit permit;
    try {
      permit = admit(site, self, request, inTask ? task : null, limiter);
    } catch (ResourceLimitExceededException decision) {
      if (!clientStyle(decision, limiter)) {
        throw decision; // nothing is held
      }
      if (assembled == null && sites.retriedAtTransport(siteId)) {
        // the client retries it itself: its attempts are admitted at its transport, a refused one answered with
        // the client's own 429 (nothing is held meanwhile)
        RetriedCall retried = new RetriedCall(site, self, request, inTask ? task : null, limiter,
            sites.retriedAsync(siteId), decision);
        frame.depth++;
        frame.retried = retried;
        return retried;
      }
      Throwable asClient = asClientException(site, self, decision);
      if (asClient != null) {
        return asClient; // the advice throws it; nothing is held
      }
      throw decision;
    }
    frame.depth++;
    begin(frame, permit);
    if (transport >= 0 && httpCall(transport, self) instanceof Throwable late) {
      leave(frame); // within a task whose deadline has passed: not sent
      permit.settle(null, null);
      return late;
    }
    return permit;
  }

  /**
   * Admission of one call by its agent (within {@code task} when not null) and the process-wide scope: the permit,
   * or the refusal thrown (observed, nothing held).
   */
  private CallPermit admit(CallSite site, Object self, Object request, TaskPermit task, AgentLimiter limiter) {
    boolean inTask = task != null;
    long start = time.nanoTime();
    int admission = 0;
    int processAdmission = 0;
    try {
      // inside a task the task holds the slot; the call still passes memory, tokens and throttling
      admission = inTask ? limiter.acquireWithinTask(start) : limiter.acquire(start);
      if (process != null) {
        processAdmission = inTask ? process.acquireWithinTask(start) : process.acquire(start);
      }
    } catch (ResourceLimitExceededException decision) {
      if (Admission.granted(admission)) {
        limiter.refusedElsewhere(admission); // admitted by the agent, refused process-wide: give it back
      }
      observer.rejected(site, limiter.agentId(), decision, time.nanoTime() - start);
      throw decision;
    }
    boolean waited = Admission.waited(admission | processAdmission);
    Duration timeout = inTask ? null : taskTimeout(limiter);
    long admitted = waited || timeout != null ? time.nanoTime() : start; // the clock is read only when it tells
    long waitNanos = waited ? admitted - start : 0;
    long deadline = inTask ? task.deadline : timeout == null ? 0 : admitted + timeout.toNanos();
    CallPermit permit = new CallPermit(site, limiter, process, self, request, admission, processAdmission, start,
        waitNanos, inTask ? taskTimeout(limiter) : timeout, deadline, time, observer);
    permit.nesting(frames);
    return permit;
  }

  /**
   * One attempt of a client's retry loop, inside a call refused with {@code reject-as=client} ({@link RetriedCall}):
   * the first attempt is answered by the refusal made at the call's method; each later one is admitted again until
   * one is admitted, whose permit becomes the call's (later attempts, after a failure on the wire, belong to it). At
   * an asynchronous transport the answer is a future: of the client's 429, or failed with the refusal.
   */
  @Override
  public Object attempt(int transport, Object self) {
    Frame frame = frames.get();
    RetriedCall call = frame.retried;
    if (call == null || !call.awaitsAdmission()) {
      return null; // not a retried call, admitted by an earlier attempt, or ended (its caller's future): sent as it is
    }
    ResourceLimitExceededException decision = call.takeFirstRefusal();
    if (decision == null) {
      try {
        CallPermit permit = admit(call.site, call.client, call.request, call.task, call.limiter);
        if (!call.admitted(permit)) {
          permit.settle(null, null); // the call ended while this attempt was admitted: the permit is not the call's
          return null;
        }
        begin(frame, permit); // the attempt's HTTP request belongs to the call (deadline, fallback layers)
        return null;
      } catch (ResourceLimitExceededException refused) {
        decision = refused;
      }
    }
    Object answer = refusedAttempt(transport, self, call, decision);
    if (!sites.asyncAttempts(transport)) {
      if (answer instanceof ResourceLimitExceededException governorStyle) {
        throw governorStyle;
      }
      return answer;
    }
    return answer instanceof Throwable refusal ? CompletableFuture.failedFuture(refusal)
        : CompletableFuture.completedFuture(answer);
  }

  /**
   * What a refused attempt gets instead of being sent: the client's 429 response, the client's own exception, or
   * the refusal itself (a scope with reject-as=governor refused it).
   */
  private Object refusedAttempt(int transport, Object self, RetriedCall call, ResourceLimitExceededException decision) {
    if (!clientStyle(decision, call.limiter)) {
      return decision;
    }
    CallSiteRegistry.RefusedAttempt answer = sites.refusedAttempt(transport);
    // null: the client should not retry this one (see RefusedAttempt): its own exception at once
    Object response = answer == null ? null : answer.answer(self, decision);
    if (response != null) {
      return response;
    }
    Throwable asClient = asClientException(call.site, call.client, decision);
    return asClient == null ? decision : asClient;
  }

  /**
   * Makes an admitted call this thread's current one (the call it was doing work for, carried from another thread,
   * if any, encloses it) and reports the admission.
   */
  private void begin(Frame frame, CallPermit permit) {
    permit.enclosing = frame.current;
    frame.current = permit;
    observer.admitted(permit);
  }

  /**
   * Leaves, on the calling thread, the method of a call retried at its transport. A blocking call ends here: returns
   * the permit an attempt was admitted with, or null. An async call ends when its caller's future or stream does:
   * returns the call itself.
   */
  private Settleable leaveRetried(RetriedCall call) {
    Frame frame = frames.get();
    frame.depth--;
    frame.retried = null;
    CallPermit permit = call.permit();
    if (permit != null && frame.current == permit) {
      frame.current = permit.enclosing; // admitted on this thread
    }
    return call.async ? call : call.end();
  }

  @Override
  public Object enterTask(int entry) {
    TaskPermit running = tasks.get();
    if (running != null && running.active()) {
      return NESTED_TASK;
    }
    AgentLimiter limiter = known(sites.entryAgent(entry));
    long start = time.nanoTime();
    int admission = 0;
    int processAdmission;
    try {
      admission = limiter.acquire(start);
      processAdmission = process == null ? 0 : process.acquire(start);
    } catch (ResourceLimitExceededException decision) {
      if (Admission.granted(admission)) {
        limiter.refusedElsewhere(admission);
      }
      throw decision;
    }
    Duration timeout = taskTimeout(limiter);
    TaskPermit task = new TaskPermit(limiter, process, admission, processAdmission, timeout,
        timeout == null ? 0 : time.nanoTime() + timeout.toNanos(), time);
    tasks.set(task);
    return task;
  }

  @Override
  public Throwable exitTask(Object token, Throwable thrown) {
    if (!(token instanceof TaskPermit task)) {
      return null;
    }
    tasks.remove();
    task.end();
    return thrown != null && task.pastDeadline() && !(thrown instanceof GovernorException) ? task.timedOut() : null;
  }

  /**
   * What work handed to another thread carries along: the entry-point task, and the governed call in flight (an
   * async SDK hands its HTTP request to a pool: there it still belongs to the call, for the call's deadline and
   * so that lower layers see it is counted already). Null when there is neither.
   */
  @Override
  public Object currentTask() {
    TaskPermit task = tasks.get();
    TaskPermit active = task != null && task.active() ? task : null;
    Frame frame = frames.get();
    CallPermit call = frame.current == null || frame.current.isSettled() ? null : frame.current;
    // an async call refused at its method: the client's retry loop runs on its own threads, the call goes along
    RetriedCall retried = frame.retried == null || !frame.retried.awaitsAdmission() ? null : frame.retried;
    return call == null && retried == null ? active : new CarriedContext(active, call, retried);
  }

  @Override
  public Object resumeTask(Object context) {
    Frame frame = frames.get();
    TaskPermit previousTask = tasks.get();
    Object previous = frame.depth == 0 && (frame.current != null || frame.retried != null)
        ? new CarriedContext(previousTask, frame.current, frame.retried) : previousTask;
    TaskPermit task = context instanceof CarriedContext c ? c.task() : context instanceof TaskPermit t ? t : null;
    if (task != null) {
      tasks.set(task);
    } else {
      tasks.remove();
    }
    if (frame.depth == 0) { // a call running on this thread right now keeps its own frame
      CarriedContext carried = context instanceof CarriedContext c ? c : null;
      frame.current = carried == null ? null : carried.call();
      frame.retried = carried == null ? null : carried.retried();
    }
    return previous;
  }

  /**
   * A task and a call in flight, carried to another thread: there the call is current but not nested; or a call
   * whose client retries it there ({@code retried}, while none of its attempts was admitted).
   */
  private record CarriedContext(TaskPermit task, CallPermit call, RetriedCall retried) {}

  @Override
  public Object enterTool(String type, String method) {
    return enterTool(type, method, null);
  }

  private Object enterTool(String type, String method, Attribution assembled) {
    TaskPermit task = assembled != null ? assembled.task : tasks.get();
    AgentLimiter limiter = task != null && task.active() ? task.limiter
        : assembled != null ? assembled.agent : resolver.current();
    long start = time.nanoTime();
    int admission = 0;
    int processAdmission = 0;
    try {
      if (process != null) {
        processAdmission = process.acquireToolCall(start);
      }
      admission = limiter.acquireToolCall(start);
    } catch (ResourceLimitExceededException decision) {
      if (Admission.granted(processAdmission)) {
        process.refundToolCall(); // the agent refused: the shared budget gets its unit back
      }
      observer.toolCallRejected(limiter.agentId(), type, method, decision);
      throw decision;
    }
    observer.toolCallAdmitted(limiter.agentId(), type, method, Admission.combine(admission, processAdmission));
    return null;
  }

  @Override
  public Object enterToolExecution(int siteId, Object self, Object[] args) {
    CallSiteRegistry.ToolSite site = sites.toolSite(siteId);
    int executorAt = site.executorArgument();
    Object executor = executorAt == CallSiteRegistry.ToolSite.SELF ? self
        : executorAt < args.length ? args[executorAt] : null;
    if (executor == null) {
      return null;
    }
    Object named = site.nameArgument() == CallSiteRegistry.ToolSite.SELF ? self
        : site.nameArgument() < args.length ? args[site.nameArgument()] : null;
    String name = named == null ? null : site.toolName().read(named);
    try {
      enterTool(site.type(), name == null ? "unknown" : name);
      return null;
    } catch (ResourceLimitExceededException decision) {
      Object refusing = site.refusal().refuse(executor, decision);
      if (refusing == null) {
        throw new IllegalStateException("cannot deliver a tool refusal through " + executor.getClass().getName(),
            decision);
      }
      if (executorAt == CallSiteRegistry.ToolSite.SELF) {
        return refusing; // the exception the tool method throws instead of running
      }
      Object[] refused = args.clone();
      refused[executorAt] = refusing;
      return refused;
    }
  }

  /** Whether the scope that refused ({@code agent}'s, or the process-wide one) has {@code reject-as=client}. */
  private boolean clientStyle(ResourceLimitExceededException decision, AgentLimiter agent) {
    AgentLimiter refusing = process != null && process.agentId().equals(decision.agentId()) ? process : agent;
    return refusing != null && refusing.limits().rejectAs() == RejectAs.CLIENT;
  }

  /** The library's own exception for a refusal by a scope with {@code reject-as=client}, else null. */
  private Throwable asClientException(CallSite site, Object client, ResourceLimitExceededException decision) {
    CallSiteRegistry.ClientRejection rejection = sites.clientRejection(site.library());
    return rejection == null ? null : rejection.create(client, decision);
  }

  /** The earliest task timeout of the scopes the call passes, or null. */
  private Duration taskTimeout(AgentLimiter limiter) {
    Duration own = limiter.limits().taskTimeout();
    Duration shared = process == null ? null : process.limits().taskTimeout();
    if (own == null || shared == null) {
      return own == null ? shared : own;
    }
    return own.compareTo(shared) <= 0 ? own : shared;
  }

  private void leave(Frame frame) {
    if (--frame.depth == 0) {
      frame.current = frame.current == null ? null : frame.current.enclosing; // a call carried here, if any
    }
  }

  @Override
  public Throwable exit(Object token, Object result, Throwable thrown) {
    Settleable call = leaving(token);
    if (call == null) {
      return null;
    }
    if (thrown == null && result instanceof CompletableFuture<?> cf) {
      settleOnCompletion(call, cf);
      return null;
    }
    Throwable instead = call.settle(result, thrown);
    if (instead == null && thrown != null && call instanceof CallPermit permit
        && permit.error() instanceof GovernorException delivered && thrown.getCause() == delivered) {
      return delivered; // the governor failed the call inside the library (a body cut at the deadline), wrapped by it
    }
    return instead;
  }

  /**
   * An async call is in flight until its future completes; its usage is in the future's value. Without a
   * replacement (the advice could not give one) the library's own future is watched; callbacks of a future run
   * last-in first-out, so the caller may see the result a moment before the permit is back.
   */
  private void settleOnCompletion(Settleable call, CompletableFuture<?> cf) {
    failAtDeadline(call, cf);
    cf.whenComplete(call);
  }

  /**
   * Leaves the method of the call {@code token} stands for: the call to settle, or null (a nested call; or a call
   * retried by its client none of whose attempts was admitted, which ended with the client's own exception).
   */
  private Settleable leaving(Object token) {
    if (token instanceof RetriedCall retried) {
      return leaveRetried(retried);
    }
    leave(frames.get());
    return token instanceof CallPermit permit ? permit : null;
  }

  /**
   * The future the caller gets instead of the library's: it completes only after the call is settled (permit
   * back, usage charged), so a next call made from the caller's {@code join()} or a library's next stage finds
   * the budget as it is; at the task's deadline it fails with the {@link io.aiecs.governor.TaskTimeoutException}
   * (the wire is cut by the HTTP deadline). Cancelling it cancels the library's future.
   */
  private CompletableFuture<Object> settledFirst(Settleable call, CompletableFuture<?> library) {
    CompletableFuture<Object> seen = new CompletableFuture<>();
    library.whenComplete((value, failure) -> {
      Throwable instead = null;
      try {
        instead = call.settle(value, failure);
      } catch (RuntimeException | Error fault) {
        io.aiecs.governor.bootstrap.AgentFaults.report("settle", fault); // the result still reaches the caller
      }
      if (failure != null) {
        seen.completeExceptionally(instead != null ? instead : failure);
      } else {
        seen.complete(value);
      }
    });
    seen.whenComplete((value, failure) -> {
      if (seen.isCancelled()) {
        library.cancel(true);
      }
    });
    failAtDeadline(call, library); // settles the call (permit back) at the deadline, then the caller's future
    return seen;
  }

  /**
   * Fails {@code cf} at the call's deadline. A call retried by its client has none until an attempt is admitted: the
   * deadline of that attempt reaches the wire (see {@link #httpCall}).
   */
  private void failAtDeadline(Settleable call, CompletableFuture<?> cf) {
    if (call instanceof CallPermit permit && permit.deadline() != 0) {
      long remaining = permit.deadline() - time.nanoTime();
      CompletableFuture.delayedExecutor(Math.max(0, remaining), TimeUnit.NANOSECONDS)
          .execute(() -> cf.completeExceptionally(permit.timedOut()));
    }
  }

  @Override
  public Object track(Object token, Object result) {
    Settleable call = leaving(token);
    if (call == null) {
      return result; // nested, or retried by its client and never admitted
    }
    StreamTracker tracker = sites.tracker(call.site().id());
    if (call instanceof CallPermit permit && permit.trackedByHandler) {
      return tracker.trackResult(result, permit); // settled through the handler it was given
    }
    if (tracker == null && result instanceof CompletableFuture<?> cf) {
      return settledFirst(call, cf); // an async call (call advice): the caller's future completes after settling
    }
    if (tracker == null || result == null) {
      call.settle(result, null);
      return result;
    }
    try {
      return tracker.track(result, call);
    } catch (RuntimeException | Error fault) {
      call.settle(null, null); // the stream cannot be followed: release now rather than hold forever
      throw fault;
    }
  }

  @Override
  public Object trackArgument(Object token, Object handler) {
    if (!(token instanceof CallPermit permit)) {
      return handler;
    }
    StreamTracker tracker = sites.tracker(permit.site().id());
    if (tracker == null) {
      return handler;
    }
    Object wrapped = tracker.track(handler, permit);
    permit.trackedByHandler = wrapped != handler;
    return wrapped;
  }

  @Override
  public Object defer(int siteId, Object self, Object request, Object result) {
    DeferredStart start = sites.deferred(siteId);
    if (start == null) {
      return result; // no way to follow it
    }
    io.aiecs.governor.agent.usage.TextPath tool = sites.toolName(siteId);
    if (tool == null && frames.get().depth > 0) {
      return result; // a layer inside a governed call
    }
    // attributed where the application asked for it, not on whatever thread subscribes later
    Attribution assembled = attribute(siteId, request);
    if (tool != null) {
      // a tool call is one unit of the tool-call budget wherever it is made, inside a governed call too
      return start.defer(result, () -> admitTool(siteId, self, tool.read(request), assembled));
    }
    return start.defer(result, () -> admitSubscription(siteId, self, request, assembled));
  }

  /** Who a call belongs to: the entry-point task running (if any), else the agent the rules pick. */
  private record Attribution(TaskPermit task, AgentLimiter agent) {}

  private Attribution attribute(int siteId, Object request) {
    TaskPermit task = tasks.get();
    if (task != null && task.active()) {
      return new Attribution(task, task.limiter);
    }
    return new Attribution(null, resolver.current(request, sites.get(siteId).semantics().requestModel()));
  }

  /**
   * Admission of one subscription of a deferred tool call: the tool-call budget is charged, nothing is held
   * (null: the subscription goes on unfollowed), or the refusal is thrown, as the library's own exception with
   * {@code reject-as=client}.
   */
  private StreamingCall admitTool(int siteId, Object self, String toolName, Attribution assembled) {
    CallSite site = sites.get(siteId);
    String type = self == null ? site.library() : self.getClass().getName();
    try {
      enterTool(type, toolName == null ? site.operation() : toolName, assembled);
    } catch (ResourceLimitExceededException decision) {
      Throwable asClient = clientStyle(decision, limiters.getOrDefault(decision.agentId(), process))
          ? asClientException(site, self, decision) : null;
      if (asClient instanceof RuntimeException r) {
        throw r;
      }
      throw decision;
    }
    return null;
  }

  /** Admission for one subscription of a deferred call: the permit, null (pass through), or the refusal thrown. */
  private StreamingCall admitSubscription(int siteId, Object self, Object request, Attribution assembled)
      throws Throwable {
    Object token = enter(siteId, self, request, assembled);
    if (token instanceof Throwable refusal) {
      throw refusal; // the library's own exception (reject-as=client); nothing is held
    }
    leave(frames.get()); // the subscription runs on; the tracker marks threads inside it where needed
    return token instanceof CallPermit permit ? permit : null;
  }

  @Override
  public Object streamEnter(Object source) {
    return WatchedStreams.enter(source);
  }

  @Override
  public Throwable streamExit(Object token, int event, Object value, Throwable thrown) {
    return token instanceof StreamingCall call ? WatchedStreams.exit(call, event, value, thrown) : null;
  }

  @Override
  public Object httpCall(int transport, Object call) {
    CallPermit permit = frames.get().current;
    if (permit == null || permit.deadline() == 0 || permit.isSettled()) {
      return null; // outside calls, or on a thread that was started by a call long over
    }
    long remaining = permit.deadline() - time.nanoTime();
    if (remaining <= 0) {
      return permit.timedOut();
    }
    sites.transport(transport).apply(call, System.nanoTime() + remaining + WIRE_GRACE_NANOS);
    return null;
  }

  @Override
  public Object httpRequest(int site, Object request) {
    CallSiteRegistry.RequestDeadline rewrite = sites.requestDeadline(site);
    if (rewrite == null || request == null) {
      return request; // most sites: no thread-local look-up
    }
    CallPermit permit = frames.get().current;
    if (permit == null || permit.deadline() == 0) {
      return request;
    }
    // past the deadline: the shortest timeout, so that the client fails at once and the failure becomes the
    // task's timeout where the call is settled
    return rewrite.apply(permit.client(), request, Math.max(1, permit.deadline() - time.nanoTime()));
  }

  @Override
  public Object httpBody(int site, Object token, Object handler) {
    if (token instanceof CallPermit || handler == null) {
      return handler; // a call governed at this request: its own tracker cuts the body at the deadline
    }
    CallSiteRegistry.BodyDeadline cut = sites.bodyDeadline(site);
    if (cut == null) {
      return handler;
    }
    CallPermit permit = frames.get().current;
    if (permit == null || permit.deadline() == 0 || permit.isSettled()) {
      return handler; // outside calls with a deadline
    }
    return cut.apply(handler, permit, permit::timedOut);
  }

  @Override
  public Throwable httpCallFailed(Throwable thrown) {
    CallPermit permit = frames.get().current;
    return permit != null && !permit.isSettled() && permit.pastDeadline() && !(thrown instanceof GovernorException)
        ? permit.timedOut() : null;
  }

  @Override
  public ResourceStatus status(String agentId) {
    ResourceStatus own = known(agentId).status();
    if (process == null) {
      return own;
    }
    ResourceStatus shared = process.status();
    return shared.available() ? own
        : own.unavailableBecause(shared.limitingFactor(), "process-wide: " + shared.reason(), shared.retryAfter());
  }

  @Override
  public boolean awaitResources(String agentId, Duration timeout) throws InterruptedException {
    known(agentId);
    long deadline = time.nanoTime() + timeout.toNanos();
    while (true) {
      ResourceStatus s = status(agentId);
      if (s.available()) {
        return true;
      }
      long remaining = deadline - time.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      // Tokens come back at a known time; a task slot frees whenever a task ends, so look again soon.
      long next = s.retryAfter().isZero() ? AWAIT_POLL_NANOS : s.retryAfter().toNanos();
      time.sleepNanos(Math.min(remaining, Math.max(next, 1)));
    }
  }

  private AgentLimiter known(String agentId) {
    AgentLimiter limiter = limiters.get(agentId);
    if (limiter == null) {
      throw new IllegalArgumentException("aiecs-governor: no agent '" + agentId + "'; known agents: " + limiters.keySet());
    }
    return limiter;
  }

  /**
   * Applies the limits of a new configuration to the agents this runtime has (a second attach). Returns one
   * line per change, and per part of the configuration that cannot change at run time.
   */
  public java.util.List<String> reconfigure(GovernorConfig config) {
    java.util.List<String> report = new java.util.ArrayList<>();
    config.agents().forEach((id, limits) -> {
      AgentLimiter limiter = limiters.get(id);
      if (limiter == null) {
        report.add("agent '" + id + "' is new: agents and their rules are fixed at start, restart to add it");
      } else if (!limiter.limits().equals(limits)) {
        report.add("agent '" + id + "': " + limiter.limits() + " -> " + limits);
        limiter.reconfigure(limits);
      }
    });
    config.processLimits().ifPresent(limits -> {
      if (process == null) {
        report.add("the process-wide scope (global.*) is new: it is fixed at start, restart to add it");
      } else if (!process.limits().equals(limits)) {
        report.add("process-wide scope: " + process.limits() + " -> " + limits);
        process.reconfigure(limits);
      }
    });
    return report;
  }

  /** The process-wide scope, or null. */
  public AgentLimiter processScope() {
    return process;
  }

  @Override
  public Set<String> agentIds() {
    return limiters.keySet();
  }

  @Override
  public String currentAgentId() {
    TaskPermit task = tasks.get();
    return task != null && task.active() ? task.limiter.agentId() : resolver.currentId();
  }

  public AgentLimiter limiter(String agentId) {
    return limiters.get(agentId);
  }
}
