package io.aiecs.governor.agent.instrumentation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches the classes below one named supertype: candidates first (cheap, by name), then the classes and
 * interfaces above them, walked without failing: a supertype that cannot be resolved (an optional dependency
 * missing from the class path) ends that branch of the walk instead of reporting an error for the class.
 */
final class Subtypes implements ElementMatcher<TypeDescription> {
  private final String supertype;

  private Subtypes(String supertype) {
    this.supertype = supertype;
  }

  static ElementMatcher<TypeDescription> of(String supertype, ElementMatcher<? super TypeDescription> candidates) {
    return not(isInterface()).and(candidates).and(new Subtypes(supertype));
  }

  @Override
  public boolean matches(TypeDescription type) {
    return below(type, 0);
  }

  private boolean below(TypeDefinition type, int depth) {
    if (type == null || depth > 32) {
      return false;
    }
    try {
      if (type.asErasure().getName().equals(supertype)) {
        return true;
      }
      for (TypeDescription.Generic i : type.getInterfaces()) {
        if (below(i, depth + 1)) {
          return true;
        }
      }
      return below(type.getSuperClass(), depth + 1);
    } catch (RuntimeException unresolvable) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "subtypeOf(" + supertype + ")";
  }

  /**
   * Class loaders from which {@code typeName}'s class file can be found, asked once per loader: the supertypes of
   * classes in other loaders (the application's own, the JDK's) are never walked.
   */
  static ElementMatcher<ClassLoader> loaderSees(String typeName) {
    return new LoaderSees(typeName.replace('.', '/') + ".class");
  }

  /** A class, not a lambda: made at the agent's start, before the host's main (issue 6). */
  private static final class LoaderSees implements ElementMatcher<ClassLoader> {
    private final String resource;
    private final Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

    LoaderSees(String resource) {
      this.resource = resource;
    }

    @Override
    public boolean matches(ClassLoader loader) {
      if (loader == null) {
        return false;
      }
      Boolean sees = seen.get(loader);
      if (sees == null) { // two threads may both ask the loader: the same answer
        sees = loader.getResource(resource) != null;
        seen.put(loader, sees);
      }
      return sees;
    }

    @Override
    public String toString() {
      return "loaderSees(" + resource + ")";
    }
  }
}
