package io.aiecs.governor.it;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.server.ServedUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link FakeOpenAiServer} (the demo's; no {@code ObservingServer}, since the demo does not depend on the
 * test harness) per test, answering 40 prompt and 20 completion tokens unless a subclass says otherwise: the
 * independent witness of what the governed hosts really sent.
 */
public abstract class ServerObservedTest {
  protected FakeOpenAiServer server;
  private final long promptTokens;
  private final long completionTokens;

  protected ServerObservedTest() {
    this(40, 20);
  }

  /** The usage every answer reports unless a request says otherwise. */
  protected ServerObservedTest(long promptTokens, long completionTokens) {
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
  }

  @BeforeEach
  protected void startServer() {
    server = FakeOpenAiServer.builder().promptTokens(promptTokens).completionTokens(completionTokens).build().start();
  }

  @AfterEach
  protected void stopServer() {
    server.close();
  }

  /**
   * The prompt, completion and total tokens of every response the server produced so far, for
   * {@link HostProcess#assertChargedOnceAndReleased}.
   */
  protected ServedUsage served() {
    return new ServedUsage(server.totalPromptTokensSent(), server.totalCompletionTokensSent(),
        server.totalTokensSent());
  }
}
