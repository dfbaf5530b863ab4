package io.aiecs.governor.agent.instrumentation.bedrock;

import io.aiecs.governor.agent.runtime.CallSiteRegistry.RequestDeadline;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;

/**
 * Puts the time left of a task onto an AWS SDK v2 request as its own {@code apiCallTimeout}, so that the SDK
 * (Apache or URLConnection for sync clients, Netty for async ones) aborts the HTTP exchange at the deadline: the
 * request becomes {@code request.toBuilder().overrideConfiguration(config).build()}, where {@code config} is the
 * request's own {@code AwsRequestOverrideConfiguration} (credentials, headers... kept) with the timeout set. The
 * SDK lets a request's timeout replace the client's, so the timeout the application set is kept when it is the
 * smaller: the request's own, else the client's ({@code client.serviceClientConfiguration().overrideConfiguration()
 * .apiCallTimeout()}). The SDK counts in milliseconds: the time left is rounded up, so the SDK never gives up
 * before the deadline (its timeout then becomes the task's timeout where the call is settled).
 */
final class AwsRequestTimeouts implements RequestDeadline {
  static final AwsRequestTimeouts INSTANCE = new AwsRequestTimeouts();
  private static final String OVERRIDE = "software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration";

  private AwsRequestTimeouts() {}

  @Override
  public Object apply(Object request, long remainingNanos) {
    return apply(null, request, remainingNanos);
  }

  @Override
  public Object apply(Object client, Object request, long remainingNanos) {
    try {
      return withTimeout(client, request, Duration.ofMillis((remainingNanos + 999_999) / 1_000_000));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return request; // another SDK version: the deadline is enforced when the call returns
    }
  }

  private static Object withTimeout(Object client, Object request, Duration left) throws ReflectiveOperationException {
    Object config = present(Reflect.publicMethod(request.getClass(), "overrideConfiguration").invoke(request));
    Duration own = config == null ? null : timeout(config);
    if (own == null) {
      own = clientTimeout(client);
    }
    if (own != null && own.compareTo(left) <= 0) {
      return request; // the application's own timeout comes first
    }
    Object configBuilder = config != null
        ? Reflect.publicMethod(config.getClass(), "toBuilder").invoke(config)
        : Class.forName(OVERRIDE, false, request.getClass().getClassLoader()).getMethod("builder").invoke(null);
    Reflect.publicMethod(configBuilder.getClass(), "apiCallTimeout", Duration.class).invoke(configBuilder, left);
    Object newConfig = Reflect.publicMethod(configBuilder.getClass(), "build").invoke(configBuilder);
    Object builder = Reflect.publicMethod(request.getClass(), "toBuilder").invoke(request);
    Class<?> overrideType = Class.forName(OVERRIDE, false, request.getClass().getClassLoader());
    Reflect.publicMethod(builder.getClass(), "overrideConfiguration", overrideType).invoke(builder, newConfig);
    return Reflect.publicMethod(builder.getClass(), "build").invoke(builder);
  }

  /** {@code client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()}, or null. */
  private static Duration clientTimeout(Object client) throws ReflectiveOperationException {
    if (client == null) {
      return null;
    }
    Object service = Reflect.publicMethod(client.getClass(), "serviceClientConfiguration").invoke(client);
    Object override = service == null ? null
        : Reflect.publicMethod(service.getClass(), "overrideConfiguration").invoke(service);
    return override == null ? null : timeout(override);
  }

  private static Duration timeout(Object config) throws ReflectiveOperationException {
    Method apiCallTimeout = Reflect.publicMethod(config.getClass(), "apiCallTimeout");
    return present(apiCallTimeout.invoke(config)) instanceof Duration d ? d : null;
  }

  private static Object present(Object maybe) {
    return maybe instanceof Optional<?> o ? o.orElse(null) : maybe;
  }
}
