package io.aiecs.governor.demo.server;

/**
 * One request as the fake server saw it. Times are {@link System#nanoTime()} values of this JVM, so tests can
 * order them against their own clocks (e.g. "no two requests of an agent overlapped").
 *
 * @param path the request path, e.g. {@code /v1/chat/completions}
 * @param agent the {@code x-demo-agent} header, or {@code "unknown"}
 * @param arrivalNanos when the handler started on the request
 * @param completionNanos when the server decided the response (just before the last bytes went out)
 * @param model the request's {@code model}, or {@code ""} when it had none
 * @param status the HTTP status answered
 * @param stream whether the request asked for a server-sent-event stream
 * @param promptTokens prompt/input tokens reported in the response's usage (0 for errors)
 * @param completionTokens completion/output tokens reported in the response's usage (0 for errors)
 * @param clientClosedEarly whether writing the response failed because the client had gone away
 */
public record RequestRecord(
    String path,
    String agent,
    long arrivalNanos,
    long completionNanos,
    String model,
    int status,
    boolean stream,
    long promptTokens,
    long completionTokens,
    boolean clientClosedEarly) {

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** Whether this request's time on the server overlapped {@code other}'s. */
  public boolean overlaps(RequestRecord other) {
    return arrivalNanos < other.completionNanos && other.arrivalNanos < completionNanos;
  }

  RequestRecord closedEarly() {
    return new RequestRecord(path, agent, arrivalNanos, completionNanos, model, status, stream,
        promptTokens, completionTokens, true);
  }
}
