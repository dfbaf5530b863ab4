package io.aiecs.governor.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> KEYS = List.of("max-tokens-per-minute", "max-tokens-per-hour", "enabled",
      "log-level");

  @Test
  void suggestsWithinSmallEditDistance() {
    assertThat(DidYouMean.suggest("max-token-per-minute", KEYS)).contains("max-tokens-per-minute");
    assertThat(DidYouMean.suggest("max-tokens-per-hr", KEYS)).contains("max-tokens-per-hour");
    assertThat(DidYouMean.suggest("log-levle", KEYS)).as("swap counts as one edit").contains("log-level");
    assertThat(DidYouMean.suggest("ENABLED", KEYS)).as("case ignored").contains("enabled");
  }

  @Test
  void separatorsAndCaseAreIgnoredWhateverTheDistance() {
    assertThat(DidYouMean.suggest("MaxTokensPerMinute", KEYS)).contains("max-tokens-per-minute");
    assertThat(DidYouMean.suggest("log.level", KEYS)).contains("log-level");
  }

  @Test
  void noSuggestionForFarOffNames() {
    assertThat(DidYouMean.suggest("foo", KEYS)).isEmpty();
    assertThat(DidYouMean.suggest("max-requests-per-day", KEYS)).isEmpty();
    assertThat(DidYouMean.suggest("enable-everything", KEYS)).isEmpty();
    assertThat(DidYouMean.suggest("", KEYS)).isEmpty();
    assertThat(DidYouMean.suggest(null, KEYS)).isEmpty();
    assertThat(DidYouMean.suggest("enabled", List.of())).isEmpty();
  }

  @Test
  void shortNamesAllowFewerEdits() {
    assertThat(DidYouMean.suggest("abc", List.of("xyz"))).isEmpty();
    assertThat(DidYouMean.suggest("abcdef", List.of("abcxyz"))).as("3 edits on 6 chars").isEmpty();
    assertThat(DidYouMean.suggest("abcdef", List.of("abcdxy"))).as("2 edits on 6 chars").contains("abcdxy");
  }

  @Test
  void closestWinsAndTiesGoToTheEarlierName() {
    assertThat(DidYouMean.suggest("max-tokens-per-minutes", KEYS)).contains("max-tokens-per-minute");
    assertThat(DidYouMean.suggest("abcd-x", List.of("abcd-y", "abcd-z"))).contains("abcd-y");
  }

  @Test
  void distanceCountsInsertDeleteReplaceAndSwap() {
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.distance("ab", "ba")).isEqualTo(1);
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.distance("same", "same")).isZero();
  }
}
