package io.aiecs.governor.agent.instrumentation.references;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Something an instrumentation relies on in the library it weaves: a type, or a method of a type. Checked against
 * the class files a class loader would load ({@link TypePool}), so nothing is loaded or initialised to check it.
 */
public final class Reference {
  private final String typeName;
  private final ElementMatcher<? super MethodDescription> method;
  private final boolean declaredOnly;
  private final String description;

  private Reference(String typeName, ElementMatcher<? super MethodDescription> method, boolean declaredOnly,
                    String description) {
    this.typeName = Objects.requireNonNull(typeName, "typeName");
    this.method = method;
    this.declaredOnly = declaredOnly;
    this.description = description;
  }

  /** The type must exist (a class, interface or enum; nested types as {@code Outer$Inner}). */
  public static Reference type(String typeName) {
    return new Reference(typeName, null, false, typeName);
  }

  /**
   * The type must have a method of this name taking exactly these parameter types (binary names, primitives as
   * {@code long}), declared by it or inherited: what {@code Class.getMethod} or a call through it would find.
   */
  public static Reference method(String typeName, String name, String... parameterTypes) {
    ElementMatcher.Junction<MethodDescription> m = named(name).and(takesArguments(parameterTypes.length));
    for (int i = 0; i < parameterTypes.length; i++) {
      m = m.and(takesArgument(i, named(parameterTypes[i])));
    }
    return new Reference(typeName, m, false, typeName + "#" + name + "(" + String.join(", ", parameterTypes) + ")");
  }

  /** The advised type must declare a method the advice's matcher selects: what the weaver would advise. */
  public static Reference advised(AdvisedMethod advised) {
    return new Reference(advised.typeName(), advised.method(), true,
        advised.typeName() + "#" + advised.method() + " (advised)");
  }

  /** Binary name of the type this reference is about. */
  public String typeName() {
    return typeName;
  }

  /** Whether the class files {@code pool} reads hold what this reference needs. Never throws. */
  boolean resolvesIn(TypePool pool) {
    try {
      TypePool.Resolution resolution = pool.describe(typeName);
      if (!resolution.isResolved()) {
        return false;
      }
      TypeDescription type = resolution.resolve();
      if (method == null) {
        return true;
      }
      return declaredOnly ? declares(type) : declaresOrInherits(type);
    } catch (RuntimeException | LinkageError e) { // e.g. a supertype whose class file is missing
      return false;
    }
  }

  private boolean declares(TypeDefinition type) {
    return !type.getDeclaredMethods().filter(method).isEmpty();
  }

  private boolean declaresOrInherits(TypeDescription type) {
    Deque<TypeDefinition> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeDefinition t = pending.poll();
      if (!seen.add(t.getTypeName())) {
        continue;
      }
      if (declares(t)) {
        return true;
      }
      TypeDescription.Generic superClass = t.getSuperClass();
      if (superClass != null) {
        pending.add(superClass.asErasure());
      }
      t.getInterfaces().asErasures().forEach(pending::add);
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reference r && description.equals(r.description) && declaredOnly == r.declaredOnly;
  }

  @Override
  public int hashCode() {
    return description.hashCode();
  }

  /** For the log: {@code com.example.Type} or {@code com.example.Type#method(params)}. */
  @Override
  public String toString() {
    return description;
  }
}
