package io.aiecs.governor.agent.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropertyPathTest {
  public record Details(Optional<Long> cachedTokens) {}

  public record Usage(long promptTokens, Integer completionTokens, Optional<Details> promptTokensDetails) {}

  public record Response(Optional<Usage> usage) {}

  /** The public API of a non-public implementation, as Kotlin SDKs and JDK collections have. */
  public interface Sized {
    long tokens();
  }

  private static final class Hidden implements Sized {
    @Override
    public long tokens() {
      return 7;
    }
  }

  @Test
  void readsThroughOptionalsAndBoxedNumbers() {
    var response = new Response(Optional.of(new Usage(30, 12, Optional.of(new Details(Optional.of(5L))))));

    assertThat(PropertyPath.of("usage", "promptTokens").readLong(response)).isEqualTo(30);
    assertThat(PropertyPath.of("usage", "completionTokens").readLong(response)).isEqualTo(12);
    assertThat(PropertyPath.of("usage", "promptTokensDetails", "cachedTokens").readLong(response)).isEqualTo(5);
  }

  @Test
  void primitiveAndBoxedFiguresOfAnySizeReadTheSame() {
    var response = new Response(Optional.of(new Usage(1_234_567_890_123L, 70_000,
        Optional.of(new Details(Optional.of(4_000_000_000L))))));

    assertThat(PropertyPath.of("usage", "promptTokens").readLong(response)).isEqualTo(1_234_567_890_123L);
    assertThat(PropertyPath.of("usage", "completionTokens").readLong(response)).isEqualTo(70_000);
    assertThat(PropertyPath.of("usage", "promptTokensDetails", "cachedTokens").readLong(response))
        .isEqualTo(4_000_000_000L);
  }

  @Test
  void emptyOptionalsAndMissingAccessorsReadAsAbsent() {
    var noUsage = new Response(Optional.empty());
    var noDetails = new Response(Optional.of(new Usage(1, 2, Optional.empty())));

    assertThat(PropertyPath.of("usage", "promptTokens").readLong(noUsage)).isEqualTo(PropertyPath.ABSENT);
    assertThat(PropertyPath.of("usage", "promptTokensDetails", "cachedTokens").readLong(noDetails))
        .isEqualTo(PropertyPath.ABSENT);
    assertThat(PropertyPath.of("usage", "noSuchField").readLong(noDetails)).isEqualTo(PropertyPath.ABSENT);
    assertThat(PropertyPath.of("usage").readLong(noDetails)).as("not a number").isEqualTo(PropertyPath.ABSENT);
    assertThat(PropertyPath.of("usage").read(null)).isNull();
  }

  @Test
  void invokesThroughThePublicInterfaceOfAHiddenClass() {
    assertThat(PropertyPath.of("tokens").readLong(new Hidden())).isEqualTo(7);
    assertThat(PropertyPath.of("size").readLong(new ArrayList<>(List.of(1, 2, 3)))).isEqualTo(3);
  }

  @Test
  void usageShapeReadsEveryFigureFromOneContainer() {
    var response = new Response(Optional.of(new Usage(30, 12, Optional.of(new Details(Optional.of(5L))))));
    long[] seen = new long[5];
    boolean found = UsageShape.of("usage", "promptTokens", "completionTokens", null,
            "promptTokensDetails.cachedTokens", null)
        .read(response, (in, out, total, cached, reasoning) -> {
          seen[0] = in;
          seen[1] = out;
          seen[2] = total;
          seen[3] = cached;
          seen[4] = reasoning;
        });
    assertThat(found).isTrue();
    assertThat(seen).containsExactly(30, 12, PropertyPath.ABSENT, 5, PropertyPath.ABSENT);
    assertThat(UsageShape.of("usage", "promptTokens", null, null, null, null)
        .read(new Response(Optional.empty()), (a, b, c, d, e) -> { })).isFalse();
  }

  /** A service object keeping its options in a private field, as the OpenAI SDK's service impls do. */
  public static final class Service {
    private final Options clientOptions = new Options("http://127.0.0.1:8080/v1");
  }

  public record Options(String baseUrl) {}

  /** A union type: one accessor per variant, {@code asX()} throwing for the wrong one. */
  public static final class Union {
    private final String string;
    private final Options other;

    Union(String string, Options other) {
      this.string = string;
      this.other = other;
    }

    public Optional<String> string() {
      return Optional.ofNullable(string);
    }

    public Optional<Options> other() {
      return Optional.ofNullable(other);
    }

    public String asString() {
      if (string == null) {
        throw new IllegalStateException("not a string");
      }
      return string;
    }
  }

  public record Holder(Object model) {}

  @Test
  void anAtStepReadsAPrivateField() {
    assertThat(PropertyPath.of("@clientOptions", "baseUrl").read(new Service())).isEqualTo("http://127.0.0.1:8080/v1");
    assertThat(PropertyPath.of("@noSuchField", "baseUrl").read(new Service())).isNull();
  }

  @Test
  void textPathTakesTheFirstAlternativeThatEndsInAString() {
    TextPath model = TextPath.anyOf("model", "model.string", "model.other.baseUrl");

    assertThat(model.read(new Holder("gpt-4o"))).isEqualTo("gpt-4o");
    assertThat(model.read(new Holder(new Union("o3", null)))).isEqualTo("o3");
    assertThat(model.read(new Holder(new Union(null, new Options("x"))))).isEqualTo("x");
    assertThat(model.read(new Holder(42))).as("not text").isNull();
    assertThat(model.read(null)).isNull();
    assertThat(TextPath.NONE.read(new Holder("gpt-4o"))).isNull();
  }

  public record Message(Optional<List<String>> toolCalls) {}

  public record Choice(Message message) {}

  public record Completion(List<Choice> choices) {}

  public record Item(Optional<String> functionCall) {}

  public record Output(List<Item> output) {}

  @Test
  void countFollowsEveryElementOfTheCollectionsOnTheWay() {
    var completion = new Completion(List.of(
        new Choice(new Message(Optional.of(List.of("a", "b")))),
        new Choice(new Message(Optional.empty())),
        new Choice(new Message(Optional.of(List.of("c"))))));
    assertThat(PropertyPath.of("choices", "message", "toolCalls").count(completion)).isEqualTo(3);

    var output = new Output(List.of(new Item(Optional.of("f")), new Item(Optional.empty()), new Item(Optional.of("g"))));
    assertThat(PropertyPath.of("output", "functionCall").count(output)).isEqualTo(2);
    assertThat(PropertyPath.of("output", "nothing").count(output)).isZero();
  }

  @Test
  void usageShapeReportsTheToolCallsAResponseAsksFor() {
    var completion = new Completion(List.of(new Choice(new Message(Optional.of(List.of("a", "b"))))));
    long[] requested = new long[1];
    UsageShape.of("usage", null, null, null, null, null).withToolCallsRequested("choices.message.toolCalls")
        .read(completion, new UsageShape.UsageSink() {
          @Override
          public void usage(long in, long out, long total, long cached, long reasoning) {}

          @Override
          public void toolCallsRequested(long n) {
            requested[0] = n;
          }
        });
    assertThat(requested[0]).isEqualTo(2);
  }
}
