package io.aiecs.governor.agent.usage;

/**
 * A text value that a library keeps in one of several places, e.g. a model name that is a plain string in one
 * type and a union ({@code model.string} or {@code model.chat.asString}) in another: the first of the
 * alternatives that ends in a {@link String} wins. Order alternatives so that none of them throws for the
 * shapes the others cover (a union's {@code asX()} typically throws for the wrong variant, its {@code x()}
 * returns an empty Optional).
 */
public final class TextPath implements java.util.function.Function<Object, String> {
  /** Reads nothing: for call sites that do not know where a value lives. */
  public static final TextPath NONE = new TextPath(new PropertyPath[0]);

  private final PropertyPath[] alternatives;

  private TextPath(PropertyPath[] alternatives) {
    this.alternatives = alternatives;
  }

  /** Dotted accessor chains, tried in this order; a step {@code @name} reads a field. */
  public static TextPath anyOf(String... dottedPaths) {
    PropertyPath[] paths = new PropertyPath[dottedPaths.length];
    for (int i = 0; i < dottedPaths.length; i++) {
      paths[i] = PropertyPath.of(dottedPaths[i].split("\\."));
    }
    return new TextPath(paths);
  }

  /** The first alternative's value that is a string, or {@code null}. */
  /** As {@link #read}: a path is passed where a reader is wanted without a method reference (an allocation). */
  @Override
  public String apply(Object root) {
    return read(root);
  }

  public String read(Object root) {
    if (root == null) {
      return null;
    }
    for (PropertyPath path : alternatives) {
      if (path.read(root) instanceof String s) {
        return s;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (PropertyPath p : alternatives) {
      sb.append(sb.length() == 0 ? "" : " | ").append(p);
    }
    return sb.toString();
  }
}
