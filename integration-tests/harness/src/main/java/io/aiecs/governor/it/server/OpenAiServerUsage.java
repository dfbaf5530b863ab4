package io.aiecs.governor.it.server;

import io.aiecs.governor.demo.server.FakeOpenAiServer;

/**
 * The demo's {@link FakeOpenAiServer} as a witness of usage: it is no {@link ObservingServer} (the demo does not
 * depend on the test harness), so its totals are read here, once, for every module whose tests run against it.
 */
public final class OpenAiServerUsage {
  private OpenAiServerUsage() {}

  /** The prompt, completion and total tokens of every response {@code server} produced so far. */
  public static ServedUsage served(FakeOpenAiServer server) {
    return new ServedUsage(server.totalPromptTokensSent(), server.totalCompletionTokensSent(),
        server.totalTokensSent());
  }
}
