package io.aiecs.governor.agent.instrumentation.bedrock;

import io.aiecs.governor.ResourceLimitExceededException;

/**
 * Builds the SDK's own {@code ThrottlingException} (status 429, error code {@code ThrottlingException}, service
 * {@code BedrockRuntime}) for a refusal with {@code reject-as=client}, reflectively from the class loader of the
 * client that made the call; the governor's decision is its cause. It is thrown from the client method, above
 * the SDK's retry loop, so the SDK does not retry it: the application's handling of throttling applies.
 */
final class BedrockThrottlingException {
  private BedrockThrottlingException() {}

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      ClassLoader loader = client.getClass().getClassLoader();
      String message = decision.getMessage();
      Class<?> detailsType = Class.forName("software.amazon.awssdk.awscore.exception.AwsErrorDetails", false, loader);
      Object details = detailsType.getMethod("builder").invoke(null);
      details = call(details, "errorCode", String.class, "ThrottlingException");
      details = call(details, "errorMessage", String.class, message);
      details = call(details, "serviceName", String.class, "BedrockRuntime");
      details = Reflect.publicMethod(details.getClass(), "build").invoke(details);

      Class<?> type = Class.forName("software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException",
          false, loader);
      Object b = type.getMethod("builder").invoke(null);
      b = call(b, "statusCode", int.class, 429);
      b = call(b, "message", String.class, message);
      b = call(b, "awsErrorDetails", detailsType, details);
      b = call(b, "cause", Throwable.class, decision);
      return (Throwable) Reflect.publicMethod(b.getClass(), "build").invoke(b);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another SDK version: the governor's own exception is thrown instead
    }
  }

  /** Calls a builder method through the public interface that declares it (the builder impls are not public). */
  private static Object call(Object builder, String name, Class<?> type, Object value)
      throws ReflectiveOperationException {
    return Reflect.publicMethod(builder.getClass(), name, type).invoke(builder, value);
  }
}
