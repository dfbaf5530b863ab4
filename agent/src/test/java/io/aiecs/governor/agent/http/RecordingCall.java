package io.aiecs.governor.agent.http;

import io.aiecs.governor.agent.runtime.StreamingCall;

/** A {@link StreamingCall} that records what it hears, keeping the largest figure per field as the real one does. */
final class RecordingCall implements StreamingCall {
  long input = -1;
  long output = -1;
  long total = -1;
  long cached = -1;
  long reasoning = -1;
  long textChars;
  int completed;
  int cancelled;
  Throwable failed;

  @Override public void element(Object element) { }

  @Override
  public void usage(long input, long output, long total, long cached, long reasoning) {
    this.input = Math.max(this.input, input);
    this.output = Math.max(this.output, output);
    this.total = Math.max(this.total, total);
    this.cached = Math.max(this.cached, cached);
    this.reasoning = Math.max(this.reasoning, reasoning);
  }

  @Override public void textChars(long chars) { textChars += chars; }
  @Override public void complete() { completed++; }
  @Override public Throwable fail(Throwable error) { failed = error; return null; }
  @Override public void cancel() { cancelled++; }
  @Override public boolean isSettled() { return completed + cancelled > 0 || failed != null; }
  @Override public void beginNested() { }
  @Override public void endNested() { }
}
