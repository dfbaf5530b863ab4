package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One chat call through the application's openai-java, then one through a second copy of the same class path in a
 * class loader of its own ({@link SecondCopyLoader}), which the test names in
 * {@code aiecs.governor.exclude-class-loaders}.
 */
public final class ExcludedLoaderHost {
  /** Loads the class path again, apart from the application's class loader. */
  public static final class SecondCopyLoader extends URLClassLoader {
    SecondCopyLoader(URL[] urls) {
      super("second-copy", urls, ClassLoader.getPlatformClassLoader());
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String baseUrl = a.get("baseUrl");
    try {
      HostOutput.ok(call(baseUrl));
      try (SecondCopyLoader copy = new SecondCopyLoader(classPath())) {
        Class<?> again = Class.forName(ExcludedLoaderHost.class.getName(), true, copy);
        System.out.println("SECOND COPY " + (again != ExcludedLoaderHost.class));
        HostOutput.ok((Long) again.getMethod("call", String.class).invoke(null, baseUrl));
      }
    } catch (Throwable t) {
      HostOutput.failed(t);
    }
    HostOutput.statusOfAllAgents();
  }

  /** One chat call with a client of this class's own loader; the tokens it reported. */
  public static long call(String baseUrl) {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("k").maxRetries(0).build();
    try {
      return OpenAiHost.call(client, "sync-chat");
    } finally {
      client.close();
    }
  }

  private static URL[] classPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    return urls.toArray(new URL[0]);
  }
}
