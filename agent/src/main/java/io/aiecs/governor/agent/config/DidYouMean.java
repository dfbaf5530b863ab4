package io.aiecs.governor.agent.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known name a misspelt one was probably meant to be. */
public final class DidYouMean {
  private static final int MAX_DISTANCE = 3;

  private DidYouMean() {}

  /**
   * The known name equal to {@code unknown} when case and the separators {@code - _ .} are ignored (so
   * {@code maxTokensPerMinute} finds {@code max-tokens-per-minute}); otherwise the closest by edit distance
   * (insert, delete, replace, swap two neighbours), if that is at most a third of the name's length and at most 3.
   * Ties go to the earlier name in {@code known}.
   */
  public static Optional<String> suggest(String unknown, Collection<String> known) {
    if (unknown == null || unknown.isEmpty() || known == null) {
      return Optional.empty();
    }
    String squashed = squash(unknown);
    for (String candidate : known) {
      if (squash(candidate).equals(squashed)) {
        return Optional.of(candidate);
      }
    }
    int allowed = Math.min(MAX_DISTANCE, Math.max(1, unknown.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  private static String squash(String name) {
    return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
  }

  /** Optimal string alignment distance: Levenshtein plus transposition of adjacent characters. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
