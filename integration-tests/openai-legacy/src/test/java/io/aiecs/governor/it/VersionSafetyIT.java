package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.hosts.LegacyOpenAiHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version matrix's older openai-java ({@code openai-java-legacy.version} in the parent pom) under the agent
 * jar: its reference check passes, so every kind of call is governed as on the current version, and the server is
 * the witness. A made-up "openai-java" whose advised methods exist but whose usage and exception types do not is
 * skipped in its class loader with one log line, and runs ungoverned without a LinkageError, in the same JVM.
 */
class VersionSafetyIT extends ServerObservedTest {
  private static final int THREADS = 3;
  private static final int CALLS = THREADS * 4;
  private static final String SKIPPED = "instrumentation openai-java skipped in";

  @Test
  void theOlderVersionPassesTheCheckAndIsGovernedLikeTheCurrentOne() throws Exception {
    HostProcess h = host(LegacyOpenAiHost.class).args("baseUrl=" + server.baseUrl(), "threads=" + THREADS)
        .governor("max-concurrent-tasks", 1)
        .governor("log-level", "debug")
        .run();

    assertThat(h.count("OK")).as("stdout %s\nstderr %s", h.stdout(), h.stderr()).isEqualTo(CALLS);
    assertThat(h.stderr()).noneMatch(l -> l.contains(" skipped in ")); // nor the OkHttp deadline module
    assertThat(h.stderr()).anyMatch(l -> l.contains("woven com.openai.services.blocking.chat.ChatCompletionServiceImpl"));
    assertThat(h.stderr()).anyMatch(l -> l.contains("woven com.openai.services.async.ResponseServiceAsyncImpl"));
    // the per-attempt transport (reject-as=client handled by the SDK's own retry) is woven in this version too
    assertThat(h.stderr()).anyMatch(l -> l.contains("woven com.openai.client.okhttp.OkHttpClient"));
    // governed: every call admitted and charged what the server sent, one at a time on the wire
    assertThat(h.statusLong("default", "waited")).isPositive();
    assertThat(server.totalTokensSent()).isEqualTo(CALLS * 60L);
    h.assertChargedOnceAndReleased("default", CALLS, served());
    assertThat(server.requestCount()).isEqualTo(CALLS);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
  }

  @Test
  void anIncompatibleLibraryIsSkippedWithOneLineAndRunsUngoverned(@TempDir Path dir) throws Exception {
    Path fake = compileFakeOpenAi(dir);

    HostProcess h = host(LegacyOpenAiHost.class)
        .args("baseUrl=" + server.baseUrl(), "threads=1", "fake=" + fake)
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.stdout()).as("stderr %s", h.stderr()).contains("FAKE created by the fake");
    List<String> skipped = h.stderr().stream().filter(l -> l.contains(SKIPPED)).toList();
    assertThat(skipped).singleElement().asString()
        .contains("[WARN] aiecs-governor - " + SKIPPED + " class loader java.net.URLClassLoader 'fake-openai'@")
        .contains(": com.openai.models.chat.completions.ChatCompletion#usage() not found");
    assertThat(String.join("\n", h.stdout()) + String.join("\n", h.stderr()))
        .doesNotContain("LinkageError", "NoClassDefFoundError", "NoSuchMethodError", "VerifyError", "internal fault");
    // the real library beside it is still governed; the fake's call was never admitted
    assertThat(h.count("OK")).isEqualTo(4);
    h.assertChargedOnceAndReleased("default", 4, served());
  }

  @Test
  void switchedOffTheLibraryRunsUngoverned() throws Exception {
    // the HTTP fallback would govern the SDK's requests in its place (by path): both are switched off
    HostProcess h = host(LegacyOpenAiHost.class).args("baseUrl=" + server.baseUrl(), "threads=" + THREADS)
        .governor("instrumentation.openai-java.enabled", false)
        .governor("instrumentation.http-fallback.enabled", false)
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).isEqualTo(CALLS);
    assertThat(h.stderr()).anyMatch(l -> l.contains(
        "instrumentation openai-java switched off by aiecs.governor.instrumentation.openai-java.enabled=false"));
    assertThat(h.statusLong("default", "admitted")).isZero();
    assertThat(h.statusLong("default", "total")).isZero();
    assertThat(server.requestCount()).isEqualTo(CALLS);
  }

  /**
   * Class files of a made-up library shaped like openai-java's four service implementations and their parameter
   * types, with {@code create(params, RequestOptions)} and {@code createStreaming} as the agent advises them, and
   * nothing else: no {@code ChatCompletion}, no usage types, no {@code RateLimitException}.
   */
  private static Path compileFakeOpenAi(Path dir) throws IOException {
    Path src = dir.resolve("src");
    Path out = Files.createDirectories(dir.resolve("classes"));
    Map<String, String> sources = Map.of(
        "com.openai.core.RequestOptions", "public final class RequestOptions {}",
        "com.openai.models.chat.completions.ChatCompletionCreateParams",
        "public final class ChatCompletionCreateParams {}",
        "com.openai.models.responses.ResponseCreateParams", "public final class ResponseCreateParams {}",
        "com.openai.services.blocking.chat.ChatCompletionServiceImpl", service("ChatCompletionServiceImpl",
            "com.openai.models.chat.completions.ChatCompletionCreateParams"),
        "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl", service("ChatCompletionServiceAsyncImpl",
            "com.openai.models.chat.completions.ChatCompletionCreateParams"),
        "com.openai.services.blocking.ResponseServiceImpl", service("ResponseServiceImpl",
            "com.openai.models.responses.ResponseCreateParams"),
        "com.openai.services.async.ResponseServiceAsyncImpl", service("ResponseServiceAsyncImpl",
            "com.openai.models.responses.ResponseCreateParams"));
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      String name = e.getKey();
      Path file = src.resolve(name.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "package " + name.substring(0, name.lastIndexOf('.')) + ";\n" + e.getValue());
      files.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17"));
    args.addAll(files);
    assertThat(javac.run(null, null, null, args.toArray(new String[0]))).as("javac").isZero();
    return out;
  }

  private static String service(String simpleName, String paramsType) {
    return "public final class " + simpleName + " {\n"
        + "  public String create(" + paramsType + " params, com.openai.core.RequestOptions options) {\n"
        + "    return \"created by the fake\";\n  }\n"
        + "  public String createStreaming(" + paramsType + " params, com.openai.core.RequestOptions options) {\n"
        + "    return \"streamed by the fake\";\n  }\n}\n";
  }
}
