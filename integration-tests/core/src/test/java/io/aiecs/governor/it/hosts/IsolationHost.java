package io.aiecs.governor.it.hosts;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.LoggerFactory;

/**
 * A host with its own Byte Buddy, OpenTelemetry API and SLF4J binding (Logback), in versions other than the
 * agent's. It uses each of them, looks for the agent's classes under every name it could reach them by, and
 * makes a governed call.
 */
public final class IsolationHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);

    Class<?> dynamic = new ByteBuddy().subclass(Object.class)
        .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the host's Byte Buddy"))
        .make().load(IsolationHost.class.getClassLoader()).getLoaded();
    System.out.println("BYTEBUDDY " + dynamic.getDeclaredConstructor().newInstance()
        + " from " + jarOf(ByteBuddy.class));

    GlobalOpenTelemetry.getMeter("host").counterBuilder("host.counter").build().add(1);
    System.out.println("OTEL " + jarOf(GlobalOpenTelemetry.class));

    LoggerFactory.getLogger(IsolationHost.class).info("host logging works");
    System.out.println("SLF4J " + LoggerFactory.getILoggerFactory().getClass().getName());

    for (String name : new String[] {
        "io.aiecs.governor.shaded.net.bytebuddy.ByteBuddy",
        "io.aiecs.governor.shaded.org.slf4j.LoggerFactory",
        "io.aiecs.governor.shaded.io.github.bucket4j.Bucket",
        "io.aiecs.governor.agent.AgentInstaller",
        "io.github.bucket4j.Bucket"}) {
      System.out.println("VISIBLE " + name + " " + visible(name));
    }

    try {
      HostOutput.ok(OpenAiHost.call(
          com.openai.client.okhttp.OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("k").build(),
          "sync-chat"));
    } catch (Throwable t) {
      HostOutput.failed(t);
    }
    HostOutput.statusOfAllAgents();
  }

  private static boolean visible(String name) {
    try {
      Class.forName(name, false, IsolationHost.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String jarOf(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation().getPath();
  }
}
