package dev.langchain4j.exception;

/** Shaped like LangChain4j's (1.19.0, javap): what {@code reject-as=client} builds for LangChain4j calls. */
public class RateLimitException extends RuntimeException {
  public RateLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}
