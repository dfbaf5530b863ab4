package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A host on the older openai-java, knowing nothing of the governor. Arguments {@code key=value}: {@code baseUrl};
 * {@code threads} (each makes one call of every kind: chat and Responses, blocking and async); {@code fake}, a
 * directory of class files of a made-up library that looks like openai-java's services but lacks the rest, which
 * the host loads in a class loader of its own and calls ({@code FAKE} line) after the real calls.
 */
public final class LegacyOpenAiHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("test-key").maxRetries(0)
        .build();

    List<String> apis = List.of("sync-chat", "async-chat", "sync-responses", "async-responses");
    Callers.run(threads, apis.size(), n -> call(client, apis.get(n)), failure -> { });
    if (a.containsKey("fake")) {
      callFake(Path.of(a.get("fake")));
    }
    HostOutput.statusOfAllAgents();
    client.close();
  }

  static long call(OpenAIClient client, String api) {
    var chat = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).addUserMessage("Say hello").build();
    var responses = ResponseCreateParams.builder().model(ChatModel.GPT_4O_MINI).input("Say hello").build();
    return switch (api) {
      case "sync-chat" -> client.chat().completions().create(chat).usage().orElseThrow().totalTokens();
      case "async-chat" -> client.async().chat().completions().create(chat).join().usage().orElseThrow()
          .totalTokens();
      case "sync-responses" -> client.responses().create(responses).usage().orElseThrow().totalTokens();
      case "async-responses" -> client.async().responses().create(responses).join().usage().orElseThrow()
          .totalTokens();
      default -> throw new IllegalArgumentException(api);
    };
  }

  /** The fake's blocking chat service, called the way the SDK calls its own: {@code create(params, options)}. */
  private static void callFake(Path classes) {
    try (URLClassLoader fake = new URLClassLoader("fake-openai", new URL[] {classes.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> service = fake.loadClass("com.openai.services.blocking.chat.ChatCompletionServiceImpl");
      Class<?> params = fake.loadClass("com.openai.models.chat.completions.ChatCompletionCreateParams");
      Class<?> options = fake.loadClass("com.openai.core.RequestOptions");
      Object result = service.getMethod("create", params, options).invoke(
          service.getConstructor().newInstance(), params.getConstructor().newInstance(),
          options.getConstructor().newInstance());
      System.out.println("FAKE " + result);
    } catch (Throwable e) {
      System.out.println("FAKE-ERROR " + e);
    }
    System.out.flush();
  }
}
