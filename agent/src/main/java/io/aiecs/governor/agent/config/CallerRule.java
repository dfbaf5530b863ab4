package io.aiecs.governor.agent.config;

import java.util.Objects;

/**
 * One entry of {@code agent.<id>.match.caller}: a call belongs to {@code agentId} when the nearest stack frame that
 * matches any caller rule matches this one (several rules matching that frame: the first in
 * {@link GovernorConfig#callerRules()} order wins).
 *
 * @param pattern as configured: a package ({@code com.example.research}), a class ({@code com.example.ResearchAgent})
 *     or a method ({@code com.example.ResearchAgent#run})
 */
public record CallerRule(String agentId, String pattern, Kind kind) {
  /** What {@link #pattern} names. */
  public enum Kind {
    /** Classes of this package and of its subpackages. */
    PACKAGE,
    /** This class and the classes nested in it ({@code Outer$Inner}, {@code Outer$1}). */
    CLASS,
    /** Methods of this name (any overload) declared by exactly this class. */
    METHOD
  }

  public CallerRule {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.METHOD) != (pattern.indexOf('#') > 0)) {
      throw new IllegalArgumentException("a " + kind + " pattern " + (kind == Kind.METHOD ? "needs" : "has no")
          + " #method: " + pattern);
    }
  }

  /**
   * A rule whose kind follows from the pattern's shape: {@code Class#method} is a method; otherwise, by the Java
   * naming convention, a last segment starting with an upper-case letter is a class and anything else a package.
   */
  public static CallerRule of(String agentId, String pattern) {
    if (pattern.indexOf('#') > 0) {
      return new CallerRule(agentId, pattern, Kind.METHOD);
    }
    String last = pattern.substring(pattern.lastIndexOf('.') + 1);
    boolean upper = !last.isEmpty() && Character.isUpperCase(last.charAt(0));
    return new CallerRule(agentId, pattern, upper ? Kind.CLASS : Kind.PACKAGE);
  }

  /** Whether a stack frame of method {@code methodName} in class {@code className} (binary name) matches. */
  public boolean matches(String className, String methodName) {
    if (className == null) {
      return false;
    }
    return switch (kind) {
      case PACKAGE -> className.startsWith(pattern) && className.length() > pattern.length()
          && className.charAt(pattern.length()) == '.';
      case CLASS -> className.startsWith(pattern) && (className.length() == pattern.length()
          || className.charAt(pattern.length()) == '$');
      case METHOD -> {
        int hash = pattern.indexOf('#');
        yield methodName != null && className.length() == hash && pattern.regionMatches(0, className, 0, hash)
            && pattern.length() - hash - 1 == methodName.length()
            && pattern.regionMatches(hash + 1, methodName, 0, methodName.length());
      }
    };
  }
}
