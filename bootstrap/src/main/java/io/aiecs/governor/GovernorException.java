package io.aiecs.governor;

/**
 * Base of the exceptions that carry a deliberate decision of the governor to the application.
 *
 * <p>The agent never lets its own faults reach the host; a {@code GovernorException} is the only kind of
 * exception it ever raises in application code. Unchecked, so that it passes through client libraries whose
 * signatures declare nothing.
 */
public abstract class GovernorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String agentId;

  protected GovernorException(String agentId, String message) {
    super(message);
    this.agentId = agentId;
  }

  /** The agent the refused call was attributed to. */
  public String agentId() {
    return agentId;
  }
}
