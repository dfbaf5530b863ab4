package io.aiecs.governor.bench.hosts;

import com.openai.client.OpenAIClient;

/**
 * The startup host: a small app that builds an openai-java client, makes one chat call and exits. Prints when
 * {@code main} began (epoch millis, so the driver can split JVM-and-agent start from the app's own work) and
 * the CPU time it used.
 */
public final class OneCallHost {
  public static void main(String[] argv) {
    long mainAt = System.currentTimeMillis();
    HostArgs args = new HostArgs(argv);
    OpenAIClient client = Chat.client(args.get("baseUrl"));
    long tokens = Chat.call(client, false);
    client.close();
    System.out.println("MAIN_AT " + mainAt);
    System.out.println("TOKENS " + tokens);
    System.out.println("CPU_MS " + ProcessCpu.millis());
    // okhttp's pool threads are daemons, but the dispatcher's linger: exit as a short-lived app would
    System.exit(0);
  }
}
