package io.aiecs.governor.agent.instrumentation.fakehttp;

import java.io.InputStream;
import java.util.Optional;

/** Shaped like a Stainless SDK's {@code core.http.HttpResponse} (openai-java 4.101.0, javap-checked). */
public interface HttpResponse extends AutoCloseable {
  int statusCode();

  Headers headers();

  default Optional<String> requestId() {
    return Optional.of("from-the-default-method");
  }

  InputStream body();

  @Override
  void close();
}
