package io.aiecs.governor.it.springai.hosts;

import io.aiecs.governor.it.hosts.Callers;
import io.aiecs.governor.it.hosts.HostOutput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A plain Spring AI app (spring-ai-openai's {@code OpenAiChatModel}) that knows nothing of the governor.
 *
 * <p>Arguments, {@code key=value}: {@code baseUrl} (the fake server, without {@code /v1}), {@code mode}:
 * {@code call} | {@code stream} (subscribed on the calling thread) | {@code stream-elsewhere} (subscribed on a
 * Reactor scheduler thread) | {@code stream-cancel} (takes the first chunk, then cancels) | {@code stream-unsubscribed}
 * (assembled, never subscribed) | {@code tools} (a {@code MethodToolCallback} and a {@code FunctionToolCallback}
 * executed once each per call) | {@code tool-loop} (the model's own tool loop: the server asks for the
 * {@code weather} tool {@code toolCalls} times, then answers quoting the tool results, printed as an
 * {@code ANSWER} line); {@code threads}, {@code calls} per thread, {@code prefix} of thread names.
 * Prints a {@code CALL} line per call ({@code OK <total tokens the app saw>}) and the governor's status.
 */
public final class SpringAiHost {
  /** The application's tools. */
  public static final class Tools {
    @Tool(description = "Looks a city's weather up")
    public String weather(String city) {
      return "sunny in " + city;
    }
  }

  public record Sum(int a, int b) {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : argv) {
      a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
    }
    String mode = a.getOrDefault("mode", "call");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    String prefix = a.getOrDefault("prefix", "caller");
    ToolCallback method = MethodToolCallbackProvider.builder().toolObjects(new Tools()).build().getToolCallbacks()[0];
    ChatModel model = mode.equals("tool-loop")
        ? ChatModels.openAi(a.get("baseUrl"), Map.of("x-fake-tool-calls", "weather:" + a.get("toolCalls")))
        : ChatModels.openAi(a.get("baseUrl"));
    ToolCallback function = FunctionToolCallback.builder("add", (Function<Sum, Integer>) s -> s.a() + s.b())
        .description("Adds").inputType(Sum.class).build();

    Callers.run(threads, calls, t -> prefix + "-" + t, n -> run(model, mode, method, function), failure -> { });
    HostOutput.statusOfAllAgents();
    System.exit(0);
  }

  private static long run(ChatModel model, String mode, ToolCallback method, ToolCallback function)
      throws ReflectiveOperationException {
    Prompt prompt = new Prompt("Say hello");
    switch (mode) {
      case "call":
        return total(model.call(prompt));
      case "stream":
        return total(model.stream(prompt).collectList().block());
      case "stream-elsewhere":
        return total(model.stream(prompt).subscribeOn(Schedulers.boundedElastic()).collectList().block());
      case "stream-cancel":
        return model.stream(prompt).take(1).collectList().block().size();
      case "stream-unsubscribed":
        Flux<ChatResponse> never = model.stream(prompt);
        return never == null ? -1 : 0;
      case "tool-loop":
        return toolLoop(model, method);
      case "tools":
        String w = method.call("{\"city\":\"Oslo\"}");
        String s = function.call("{\"a\":2,\"b\":3}");
        return w.length() + Long.parseLong(s.trim());
      default:
        throw new IllegalArgumentException(mode);
    }
  }

  /**
   * Spring AI's tool loop, the same on 1.x and 2.x: the {@code ToolCallingManager} runs the tools each answer asks
   * for (catching a tool's {@code ToolExecutionException} into its result) and the conversation goes back to the
   * model. (1.x models run this loop inside {@code call} already; 2.x leaves it to the caller or ChatClient.)
   */
  private static long toolLoop(ChatModel model, ToolCallback weather) throws ReflectiveOperationException {
    ToolCallingManager tools = ToolCallingManager.builder().build();
    Prompt prompt = new Prompt("What is the weather?", ChatModels.toolOptions(List.of(weather)));
    ChatResponse response = model.call(prompt);
    long total = total(response);
    while (response.hasToolCalls()) {
      prompt = new Prompt(tools.executeToolCalls(prompt, response).conversationHistory(), prompt.getOptions());
      response = model.call(prompt);
      total += total(response);
    }
    System.out.println("ANSWER " + response.getResult().getOutput().getText().replace('\n', ' '));
    return total;
  }

  private static long total(ChatResponse response) {
    Usage u = response.getMetadata().getUsage();
    return u == null || u.getTotalTokens() == null ? 0 : u.getTotalTokens();
  }

  /** The largest total any chunk reported (the last chunk carries the usage). */
  private static long total(List<ChatResponse> chunks) {
    return chunks.stream().mapToLong(SpringAiHost::total).max().orElse(0);
  }
}
