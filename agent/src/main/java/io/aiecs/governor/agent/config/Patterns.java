package io.aiecs.governor.agent.config;

import java.util.Objects;
import java.util.regex.Pattern;

/** {@link Pattern} has identity equality; rules compare what the user configured instead. */
final class Patterns {
  private Patterns() {}

  static boolean same(Pattern a, Pattern b) {
    return a.pattern().equals(b.pattern()) && a.flags() == b.flags();
  }

  static int hash(Pattern p) {
    return Objects.hash(p.pattern(), p.flags());
  }
}
