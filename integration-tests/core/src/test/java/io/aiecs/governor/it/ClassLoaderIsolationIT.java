package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.hosts.IsolationHost;
import org.junit.jupiter.api.Test;

/** A host with its own, different Byte Buddy, OpenTelemetry API and SLF4J binding runs unchanged under the agent. */
class ClassLoaderIsolationIT {
  @Test
  void hostLibrariesAndTheAgentsCopiesNeverMeet() throws Exception {
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().promptTokens(10).completionTokens(5).build().start()) {
      HostProcess h = host(IsolationHost.class).args("baseUrl=" + server.baseUrl())
          .governor("max-tokens-per-minute", 1000)
          .run();

      assertThat(h.stdout()).anySatisfy(l -> assertThat(l)
          .startsWith("BYTEBUDDY made by the host's Byte Buddy from ").contains("byte-buddy-1.14.19"));
      assertThat(h.stdout()).anySatisfy(l -> assertThat(l).startsWith("OTEL ").contains("opentelemetry-api-1.40.0"));
      assertThat(h.stdout()).contains("SLF4J ch.qos.logback.classic.LoggerContext");
      assertThat(h.stdout()).filteredOn(l -> l.startsWith("VISIBLE ")).allSatisfy(l -> assertThat(l).endsWith(" false"));
      assertThat(h.stderr()).noneMatch(l -> l.contains("SLF4J(W)") || l.contains("multiple SLF4J"));

      assertThat(h.count("OK")).isEqualTo(1);
      assertThat(h.stdout()).contains("GOVERNOR active=true");
      assertThat(h.statusLong("default", "total")).isEqualTo(15);
    }
  }
}
