package io.aiecs.governor.it.genai;

import static io.aiecs.governor.it.HostProcess.host;

import io.aiecs.governor.it.HostProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link FakeGeminiServer} per test, the witness of what the forked google-genai hosts really sent, and the
 * host pointed at it.
 */
abstract class GeminiServerTest {
  protected FakeGeminiServer server;

  @BeforeEach
  void startServer() {
    server = new FakeGeminiServer();
  }

  @AfterEach
  void stopServer() {
    server.releaseStreams();
    server.close();
  }

  /** A {@link GenAiHost} calling {@link #server}, with {@code args} after its base URL. */
  protected HostProcess.Builder genAiHost(Object... args) {
    return host(GenAiHost.class).args("baseUrl=" + server.baseUrl()).args(args)
        .jvm("-Dotel.metrics.exporter=none"); // no collector here: nothing to export at exit
  }
}
