package io.aiecs.governor.it;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.server.OpenAiServerUsage;
import io.aiecs.governor.it.server.ServedUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link FakeOpenAiServer} per test, answering 40 prompt and 20 completion tokens: the independent
 * witness of what the governed hosts really sent.
 */
abstract class ServerObservedTest {
  protected FakeOpenAiServer server;

  @BeforeEach
  void startServer() {
    server = FakeOpenAiServer.builder().promptTokens(40).completionTokens(20).build().start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** What the server reported so far, for {@link HostProcess#assertChargedOnceAndReleased}. */
  protected ServedUsage served() {
    return OpenAiServerUsage.served(server);
  }
}
