package io.aiecs.governor.launcher;

/**
 * Where the agent jar keeps what: the launcher and the bootstrap API as plain classes at its root, everything
 * else under {@link #ISOLATED} as {@link #CLASS_DATA} files that only the agent's own class loader reads (the
 * build's shade step writes this layout). Compile-time constants: code that names them loads nothing.
 */
public final class AgentJarLayout {
  /** The folder of the isolated classes and resources. */
  public static final String ISOLATED = "inst/";
  /** The extension of an isolated class file, instead of {@code .class}. */
  public static final String CLASS_DATA = ".classdata";

  private AgentJarLayout() {}
}
