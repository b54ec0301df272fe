package io.dooor.agent.seal;

/** Sealed bytes that do not open here (another measurement, another key, or damaged). */
public final class SealingException extends Exception {
  private static final long serialVersionUID = 1L;

  public SealingException(String message) {
    super(message);
  }
}
