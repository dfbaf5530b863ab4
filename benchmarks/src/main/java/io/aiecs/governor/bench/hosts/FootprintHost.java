package io.aiecs.governor.bench.hosts;

import com.openai.client.OpenAIClient;
import java.io.IOException;
import java.util.Arrays;

/**
 * The footprint host: {@code calls} chat calls spread round-robin over {@code agents} logical agents (the
 * calling thread is renamed to {@code agent<k>-worker}, which the agent's {@code match.thread} rules map to
 * agent {@code agent<k>}). At each checkpoint it prints {@code CHECKPOINT <calls made>} and waits for a line on
 * stdin, so that the driver can take a heap histogram of a quiet process.
 */
public final class FootprintHost {
  public static void main(String[] argv) throws IOException {
    HostArgs args = new HostArgs(argv);
    int agents = args.getInt("agents", 100);
    int[] checkpoints = Arrays.stream(args.get("checkpoints", "1000,10000").split(","))
        .mapToInt(Integer::parseInt).sorted().toArray();
    OpenAIClient client = Chat.client(args.get("baseUrl"));
    String original = Thread.currentThread().getName();
    int made = 0;
    long sink = 0;
    for (int checkpoint : checkpoints) {
      for (; made < checkpoint; made++) {
        Thread.currentThread().setName("agent" + (made % agents) + "-worker");
        sink += Chat.call(client, false);
      }
      Thread.currentThread().setName(original);
      System.out.println("CHECKPOINT " + made + " agents=" + governedAgents());
      System.out.flush();
      int c;
      do {
        c = System.in.read(); // the driver's go-ahead
      } while (c != '\n' && c != -1);
    }
    client.close();
    System.out.println("TOKENS " + sink);
    System.exit(0);
  }

  /** How many agents the governor knows, or -1 without it (its API is there only when the agent is). */
  private static int governedAgents() {
    try {
      Class<?> governor = Class.forName("io.aiecs.governor.Governor");
      return ((java.util.Set<?>) governor.getMethod("agentIds").invoke(null)).size();
    } catch (ReflectiveOperationException | LinkageError e) {
      return -1;
    }
  }
}
