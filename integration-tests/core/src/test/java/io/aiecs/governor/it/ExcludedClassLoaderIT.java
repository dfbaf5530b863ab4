package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.hosts.ExcludedLoaderHost;
import org.junit.jupiter.api.Test;

/**
 * {@code aiecs.governor.exclude-class-loaders}: the same openai-java, once in the application's class loader and once
 * in an excluded one. The server sees both calls; the governor admits and charges only the first.
 */
class ExcludedClassLoaderIT extends ServerObservedTest {
  ExcludedClassLoaderIT() {
    super(10, 5);
  }

  @Test
  void callsThroughAnExcludedClassLoaderAreNotGoverned() throws Exception {
    HostProcess h = host(ExcludedLoaderHost.class).args("baseUrl=" + server.baseUrl())
        .governor("exclude-class-loaders", ExcludedLoaderHost.SecondCopyLoader.class.getName())
        .run();

    assertThat(h.stdout()).contains("SECOND COPY true");
    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(2);
    assertThat(server.requestCount()).as("both calls reached the server").isEqualTo(2);
    assertThat(h.statusLong("default", "admitted")).as("only the application's call").isEqualTo(1);
    assertThat(h.statusLong("default", "total")).isEqualTo(15);
    assertThat(h.stderr()).anyMatch(l -> l.contains("classes of class loader "
        + ExcludedLoaderHost.SecondCopyLoader.class.getName() + " are not woven"));
  }

  @Test
  void withoutTheExclusionBothCallsAreGoverned() throws Exception {
    HostProcess h = host(ExcludedLoaderHost.class).args("baseUrl=" + server.baseUrl()).run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(2);
    assertThat(h.statusLong("default", "admitted")).as("proves the second copy is woven unless excluded")
        .isEqualTo(2);
    assertThat(h.statusLong("default", "total")).isEqualTo(30);
  }
}
