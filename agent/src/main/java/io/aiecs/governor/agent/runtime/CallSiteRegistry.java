package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.ArrayList;
import java.util.List;

/** The call sites instrumentations declare, indexed by the id their advice is woven with. */
public final class CallSiteRegistry {
  private final List<CallSite> sites = new ArrayList<>();
  private volatile CallSite[] byId = new CallSite[0];

  /** Registers a site and returns its id, to bind into the advice. */
  public synchronized int register(String library, String operation, UsageShape usage) {
    return register(library, operation, usage, CallSemantics.named(library, operation));
  }

  /** Registers a site with what telemetry needs to describe it, and returns its id. */
  public synchronized int register(String library, String operation, UsageShape usage, CallSemantics semantics) {
    CallSite site = new CallSite(sites.size(), library, operation, usage, semantics);
    sites.add(site);
    byId = sites.toArray(new CallSite[0]);
    return site.id();
  }

  /**
   * Puts a task's deadline onto an HTTP client's call object ({@code deadline} on the {@link System#nanoTime()}
   * scale); returns false when it could not (another client version), so the deadline is enforced on return only.
   */
  @FunctionalInterface
  public interface DeadlineApplier {
    boolean apply(Object call, long deadline);
  }

  private final List<DeadlineApplier> transports = new ArrayList<>();
  private volatile DeadlineApplier[] transportById = new DeadlineApplier[0];

  /** Registers how one HTTP client takes a deadline; returns the id its advice is woven with. */
  public synchronized int registerTransport(DeadlineApplier applier) {
    transports.add(applier);
    transportById = transports.toArray(new DeadlineApplier[0]);
    return transports.size() - 1;
  }

  public DeadlineApplier transport(int id) {
    return transportById[id];
  }

  /**
   * Builds a client library's own rate-limit exception for a refusal ({@code reject-as=client}), so that the
   * host's existing handling of that library's rate limits applies; null when it cannot.
   */
  @FunctionalInterface
  public interface ClientRejection {
    Throwable create(Object client, ResourceLimitExceededException decision);
  }

  private final java.util.Map<String, ClientRejection> clientRejections = new java.util.concurrent.ConcurrentHashMap<>();

  public void registerClientRejection(String library, ClientRejection rejection) {
    clientRejections.put(library, rejection);
  }

  public ClientRejection clientRejection(String library) {
    return clientRejections.get(library);
  }

  /**
   * Answers one attempt of a client's own retry loop that the governor refused ({@code reject-as=client}), in place
   * of sending it: the SDK's own rate-limit response (HTTP 429 with the decision's retry-after), built from the class
   * loader of {@code transport}, the client's HTTP layer; null when it cannot, or when the client should not sleep
   * on this refusal (a retry-after longer than its retry loop is meant to wait): the client's own rate-limit
   * exception is then thrown from the transport at once.
   */
  @FunctionalInterface
  public interface RefusedAttempt {
    Object answer(Object transport, ResourceLimitExceededException decision);
  }

  private final List<RefusedAttempt> refusedAttempts = new ArrayList<>();
  private volatile RefusedAttempt[] refusedAttemptById = new RefusedAttempt[0];
  private final java.util.Set<Integer> wovenAttemptTransports = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Map<Integer, Integer> retriedAtTransport = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Set<Integer> asyncAttemptTransports = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Registers a client's per-attempt HTTP layer (below its own retry loop): returns the id its attempt advice is
   * woven with.
   */
  public synchronized int registerAttemptTransport(RefusedAttempt answer) {
    refusedAttempts.add(answer);
    refusedAttemptById = refusedAttempts.toArray(new RefusedAttempt[0]);
    return refusedAttempts.size() - 1;
  }

  /**
   * Registers a client's asynchronous per-attempt HTTP layer (one returning a {@code CompletableFuture} of the
   * response, below the client's async retry loop): a refused attempt is answered with a completed future of the
   * client's 429, or a failed one; the calls retried there end when the caller's future or stream completes.
   */
  public synchronized int registerAsyncAttemptTransport(RefusedAttempt answer) {
    int id = registerAttemptTransport(answer);
    asyncAttemptTransports.add(id);
    return id;
  }

  /** Whether {@code transport}'s attempts are asynchronous ({@link #registerAsyncAttemptTransport}). */
  public boolean asyncAttempts(int transport) {
    return !asyncAttemptTransports.isEmpty() && asyncAttemptTransports.contains(transport);
  }

  /** Whether the calls of {@code site} are retried at an asynchronous transport (see {@link #retryAtTransport}). */
  public boolean retriedAsync(int site) {
    Integer transport = retriedAtTransport.get(site);
    return transport != null && asyncAttempts(transport);
  }

  public RefusedAttempt refusedAttempt(int id) {
    RefusedAttempt[] all = refusedAttemptById;
    return id >= 0 && id < all.length ? all[id] : null;
  }

  /** The weaver put the attempt advice of {@code transport} into a class (the client built its HTTP layer). */
  public void attemptTransportWoven(int transport) {
    wovenAttemptTransports.add(transport);
  }

  /**
   * Makes the calls of {@code site} retried by their client on a refusal with {@code reject-as=client}: such a call is
   * not refused at its method but goes on into the client, whose attempts (at {@code transport}, registered with
   * {@link #registerAttemptTransport}) are each admitted again, a refused one answered with the client's own 429.
   */
  public void retryAtTransport(int site, int transport) {
    retriedAtTransport.put(site, transport);
  }

  /**
   * Whether a refused call of {@code site} goes to its client's retry loop: only once that client's transport is
   * woven (else its attempts would go out unseen, and the refusal is thrown at the method instead).
   */
  public boolean retriedAtTransport(int site) {
    if (retriedAtTransport.isEmpty()) {
      return false;
    }
    Integer transport = retriedAtTransport.get(site);
    return transport != null && wovenAttemptTransports.contains(transport);
  }

  private final List<String> entryAgents = new ArrayList<>();
  private volatile String[] entryAgentById = new String[0];

  /** Registers an agent whose entry points are woven; returns the id the entry advice passes back. */
  public synchronized int registerEntry(String agentId) {
    entryAgents.add(agentId);
    entryAgentById = entryAgents.toArray(new String[0]);
    return entryAgents.size() - 1;
  }

  public String entryAgent(int id) {
    return entryAgentById[id];
  }

  private final java.util.Map<Integer, StreamTracker> trackers = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<Integer, DeferredStart> deferredStarts = new java.util.concurrent.ConcurrentHashMap<>();

  /** How the streams of a site (advised with stream or handler advice) are followed to their end. */
  public void registerTracker(int site, StreamTracker tracker) {
    trackers.put(site, tracker);
  }

  /** The tracker of a site, or null: its calls end when their method returns. */
  public StreamTracker tracker(int site) {
    return trackers.get(site);
  }

  /** How the cold publishers of a site (advised with deferred advice) are admitted on subscription. */
  public void registerDeferred(int site, DeferredStart start) {
    deferredStarts.put(site, start);
  }

  public DeferredStart deferred(int site) {
    return deferredStarts.get(site);
  }

  /**
   * Where a framework runs one tool: an advised method that runs it through an executor among its arguments
   * (argument {@code executorArgument}), or that is the tool itself ({@link #SELF}). The tool's name is read with
   * {@code toolName} from argument {@code nameArgument} ({@link #SELF}: from the method's receiver);
   * {@code type} names the tool's type in telemetry; {@code refusal} delivers a refusal the way the framework
   * reports a failing tool.
   */
  public record ToolSite(String type, int nameArgument, io.aiecs.governor.agent.usage.TextPath toolName,
                         int executorArgument, ToolRefusal refusal) {
    /** The advised method's receiver, in place of an argument index. */
    public static final int SELF = -1;
  }

  /**
   * How a refused tool reaches its framework. For an executor argument: an executor to run instead that fails
   * with {@code decision}; for a tool method itself ({@link ToolSite#SELF}): the exception that method throws
   * instead of running. Null when it cannot.
   */
  @FunctionalInterface
  public interface ToolRefusal {
    Object refuse(Object executor, ResourceLimitExceededException decision);

    /**
     * An executor over the library's own interface whose methods named {@code prefix}… throw the refusal, inside
     * the library's own handling of a failing tool; its other methods go to the real executor.
     */
    static ToolRefusal throwingFrom(String prefix) {
      return (executor, decision) -> {
        Object refusing = io.aiecs.governor.agent.streams.Proxies.wrap(executor, (target, method, args) -> {
          if (method.getName().startsWith(prefix)) {
            throw decision;
          }
          return io.aiecs.governor.agent.streams.Proxies.forward(target, method, args);
        });
        return refusing == executor ? null : refusing;
      };
    }
  }

  private final List<ToolSite> toolSites = new ArrayList<>();
  private volatile ToolSite[] toolSiteById = new ToolSite[0];

  /** Registers a framework's tool execution; returns the id its advice is woven with. */
  public synchronized int registerToolSite(ToolSite site) {
    toolSites.add(site);
    toolSiteById = toolSites.toArray(new ToolSite[0]);
    return toolSites.size() - 1;
  }

  public ToolSite toolSite(int id) {
    return toolSiteById[id];
  }

  private final java.util.Map<Integer, io.aiecs.governor.agent.usage.TextPath> toolNames =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A site advised with deferred advice whose subscriptions are tool calls (an MCP client's {@code callTool}):
   * each subscription takes one unit of the running agent's tool-call budget (nothing is held), named by
   * {@code toolName} read from the request; a refusal becomes the publisher's error signal.
   */
  public void registerDeferredTool(int site, DeferredStart start, io.aiecs.governor.agent.usage.TextPath toolName) {
    toolNames.put(site, toolName);
    deferredStarts.put(site, start);
  }

  /** Where a deferred tool site's request names its tool, or null when the site is not a tool site. */
  public io.aiecs.governor.agent.usage.TextPath toolName(int site) {
    return toolNames.get(site);
  }

  private final java.util.Map<Integer, CallRecognizer> recognizers = new java.util.concurrent.ConcurrentHashMap<>();

  /** Makes {@code site} a generic one: each of its calls is first recognised (or passed through) by {@code r}. */
  public void registerRecognizer(int site, CallRecognizer r) {
    recognizers.put(site, r);
  }

  public CallRecognizer recognizer(int site) {
    return recognizers.isEmpty() ? null : recognizers.get(site);
  }

  /**
   * Gives an immutable request the time left of the task ({@code remainingNanos}, at least 1) as its own timeout:
   * returns the request to send instead.
   */
  @FunctionalInterface
  public interface RequestDeadline {
    Object apply(Object request, long remainingNanos);

    /**
     * As {@link #apply(Object, long)}, knowing the client that sends it ({@code null} when unknown), for an SDK
     * whose client-wide timeout a per-request one would replace.
     */
    default Object apply(Object client, Object request, long remainingNanos) {
      return apply(request, remainingNanos);
    }
  }

  private final java.util.Map<Integer, RequestDeadline> requestDeadlines = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * How the requests of the HTTP client or SDK advised as {@code site} take a deadline (the advice of
   * {@code AdvisedMethod.call}, {@code stream} and {@code handler} sites applies it to the method's request
   * argument too).
   */
  public void registerRequestDeadline(int site, RequestDeadline deadline) {
    requestDeadlines.put(site, deadline);
  }

  public RequestDeadline requestDeadline(int site) {
    return requestDeadlines.get(site);
  }

  /**
   * Wraps the body handler of an HTTP request sent for {@code call}, a call governed above it, so that a body still
   * arriving when the call's deadline passes is cut: the exchange cancelled (the connection closes) and the read
   * failed with {@code timeout}'s exception. Returns the handler to send with instead.
   */
  @FunctionalInterface
  public interface BodyDeadline {
    Object apply(Object handler, StreamingCall call, java.util.function.Supplier<? extends RuntimeException> timeout);
  }

  private final java.util.Map<Integer, BodyDeadline> bodyDeadlines = new java.util.concurrent.ConcurrentHashMap<>();

  /** How the HTTP client advised as {@code site} cuts the body of a request sent for a call governed above it. */
  public void registerBodyDeadline(int site, BodyDeadline deadline) {
    bodyDeadlines.put(site, deadline);
  }

  public BodyDeadline bodyDeadline(int site) {
    return bodyDeadlines.isEmpty() ? null : bodyDeadlines.get(site);
  }

  public CallSite get(int id) {
    return byId[id];
  }

  public List<CallSite> all() {
    return List.of(byId);
  }
}
