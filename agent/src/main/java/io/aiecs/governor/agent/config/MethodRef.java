package io.aiecs.governor.agent.config;

import java.util.Objects;

/**
 * A method named in the configuration ({@code tool-methods}, {@code agent.<id>.entry}): a fully qualified class
 * name as the JVM spells it (nested classes with {@code $}) and a method name, or {@link #ALL_METHODS} for every
 * method the class declares. Overloads are not told apart: a name means every method of that name.
 */
public record MethodRef(String className, String methodName) {
  public static final String ALL_METHODS = "*";

  public MethodRef {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(methodName, "methodName");
    if (className.isEmpty() || methodName.isEmpty()) {
      throw new IllegalArgumentException("empty class or method name: " + className + "#" + methodName);
    }
  }

  public boolean allMethods() {
    return ALL_METHODS.equals(methodName);
  }

  /** Whether this names the method {@code methodName} of exactly the class {@code className}. */
  public boolean matches(String className, String methodName) {
    return this.className.equals(className) && (allMethods() || this.methodName.equals(methodName));
  }

  // equals and hashCode written out: a record's own are bootstrapped through invokedynamic (ObjectMethods), which
  // costs the host's main thread method-handle spinning before its main (issue 6); the entry points are map keys

  @Override
  public boolean equals(Object o) {
    return o instanceof MethodRef m && className.equals(m.className) && methodName.equals(m.methodName);
  }

  @Override
  public int hashCode() {
    return 31 * className.hashCode() + methodName.hashCode();
  }

  /** {@code Class#method}, as written in the configuration. */
  @Override
  public String toString() {
    return className + "#" + methodName;
  }
}
