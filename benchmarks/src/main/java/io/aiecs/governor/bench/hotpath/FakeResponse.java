package io.aiecs.governor.bench.hotpath;

import java.util.Optional;

/**
 * Shaped like openai-java's {@code ChatCompletion}: {@code usage()} an optional object of primitive counts with
 * optional details. Built once, so the benchmark charges the governor with reading it, not the library with
 * producing it.
 */
public final class FakeResponse {
  private final Optional<Usage> usage;

  private FakeResponse(Usage usage) {
    this.usage = Optional.of(usage);
  }

  static FakeResponse of(long input, long output) {
    return new FakeResponse(new Usage(input, output));
  }

  public Optional<Usage> usage() {
    return usage;
  }

  /** As {@code CompletionUsage}. */
  public static final class Usage {
    private final long input;
    private final long output;
    private final Optional<Details> promptDetails = Optional.of(new Details(Optional.of(0L)));
    private final Optional<Details> completionDetails = Optional.of(new Details(Optional.of(0L)));

    Usage(long input, long output) {
      this.input = input;
      this.output = output;
    }

    public long promptTokens() {
      return input;
    }

    public long completionTokens() {
      return output;
    }

    public long totalTokens() {
      return input + output;
    }

    public Optional<Details> promptTokensDetails() {
      return promptDetails;
    }

    public Optional<Details> completionTokensDetails() {
      return completionDetails;
    }
  }

  /** As {@code PromptTokensDetails} and {@code CompletionTokensDetails}. */
  public static final class Details {
    private final Optional<Long> count;

    Details(Optional<Long> count) {
      this.count = count;
    }

    public Optional<Long> cachedTokens() {
      return count;
    }

    public Optional<Long> reasoningTokens() {
      return count;
    }
  }
}
