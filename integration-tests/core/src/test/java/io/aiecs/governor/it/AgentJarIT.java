package io.aiecs.governor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The one file users pass to the JVM: its manifest, and a layout that keeps everything but the API hidden. */
class AgentJarIT {
  @Test
  void manifestDeclaresEveryWayTheJarIsStarted() throws Exception {
    try (JarFile jar = new JarFile(HostProcess.AGENT_JAR.toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertThat(main.getValue("Premain-Class")).isEqualTo("io.aiecs.governor.launcher.AgentLauncher");
      assertThat(main.getValue("Agent-Class")).isEqualTo("io.aiecs.governor.launcher.AgentLauncher");
      assertThat(main.getValue("Main-Class")).isEqualTo("io.aiecs.governor.launcher.AgentLauncher");
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
    }
  }

  @Test
  void onlyTheBootstrapApiIsLoadableAsClassesEverythingElseIsIsolatedAndRelocated() throws Exception {
    try (JarFile jar = new JarFile(HostProcess.AGENT_JAR.toFile())) {
      List<JarEntry> entries = Collections.list(jar.entries());
      assertThat(entries).filteredOn(e -> e.getName().endsWith(".class"))
          .allSatisfy(e -> assertThat(e.getName()).matches("io/aiecs/governor/([A-Za-z$]+|bootstrap/[A-Za-z$]+|launcher/[A-Za-z$]+)\\.class"));
      assertThat(entries).filteredOn(e -> e.getName().endsWith(".classdata"))
          .allSatisfy(e -> assertThat(e.getName()).matches("inst/io/aiecs/governor/.*"))
          .anySatisfy(e -> assertThat(e.getName()).startsWith("inst/io/aiecs/governor/shaded/net/bytebuddy/"))
          .anySatisfy(e -> assertThat(e.getName()).startsWith("inst/io/aiecs/governor/shaded/io/github/bucket4j/"))
          .anySatisfy(e -> assertThat(e.getName()).startsWith("inst/io/aiecs/governor/shaded/org/slf4j/"))
          .anySatisfy(e -> assertThat(e.getName()).startsWith("inst/io/aiecs/governor/shaded/io/opentelemetry/"))
          .anySatisfy(e -> assertThat(e.getName()).startsWith("inst/io/aiecs/governor/shaded/okhttp3/"));
      assertThat(jar.getEntry("LICENSE")).isNotNull();
      // The relocation of bundled libraries must not reach the names the agent matches in the application.
      for (JarEntry e : entries) {
        if (e.getName().startsWith("inst/io/aiecs/governor/agent/instrumentation/")) {
          String text = new String(jar.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
          assertThat(text).as(e.getName()).doesNotContain("io.aiecs.governor.shaded.okhttp3")
              .doesNotContain("io.aiecs.governor.shaded.okio").doesNotContain("io.aiecs.governor.shaded.kotlin");
        }
      }
    }
  }

  @Test
  void withoutArgumentsTheJarPrintsUsage() throws Exception {
    HostProcess cli = HostProcess.agentCli();
    assertThat(cli.awaitExit(Duration.ofSeconds(60))).isZero();
    assertThat(String.join("\n", cli.stdout())).contains("attach <pid>").contains("-javaagent:aiecs-governor.jar");

    HostProcess wrong = HostProcess.agentCli("frobnicate");
    assertThat(wrong.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
    assertThat(String.join("\n", wrong.stderr())).contains("unknown command 'frobnicate'");
  }
}
