package io.dooor.provision;

/**
 * The reconciler's lease on a workload passed to another replica: its pass stops, writing nothing.
 */
final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LeaseLostException(String message) {
    super(message);
  }
}
