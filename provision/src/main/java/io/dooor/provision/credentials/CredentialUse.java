package io.dooor.provision.credentials;

import java.util.Optional;

/**
 * Which credential a provider call uses, per thread: the reconciler names the workload a call is
 * for ({@link #forWorkload}); the provider's stored-credential adapter then opens the workload's
 * own credential for that provider if one is set, else the provider's default ({@link
 * ProviderCredentials#openForCall}), and notes the version it opened ({@link #used}) so that the
 * call's audit event names it (provider, name, version; never the secret). Provider calls run on
 * the thread that makes them (the SDKs and the Akash CLI are called synchronously).
 */
public final class CredentialUse {
  private static final ThreadLocal<String> WORKLOAD = new ThreadLocal<>();
  private static final ThreadLocal<CredentialId> USED = new ThreadLocal<>();

  private CredentialUse() {}

  /** A provider call. */
  @FunctionalInterface
  public interface Call<T, E extends Exception> {
    T run() throws E;
  }

  /**
   * Runs {@code call} for {@code workload}, answering the call's result; {@link #used} names the
   * credential it opened until the next call on this thread.
   */
  public static <T, E extends Exception> T forWorkload(String workload, Call<T, E> call) throws E {
    String before = WORKLOAD.get();
    WORKLOAD.set(workload);
    USED.remove();
    try {
      return call.run();
    } finally {
      if (before == null) {
        WORKLOAD.remove();
      } else {
        WORKLOAD.set(before);
      }
    }
  }

  /** The workload the current call is for, if the caller named one. */
  static Optional<String> workload() {
    return Optional.ofNullable(WORKLOAD.get());
  }

  static void opened(CredentialId id) {
    USED.set(id);
  }

  /** The credential version the last call on this thread opened, if it opened one. */
  public static Optional<CredentialId> used() {
    return Optional.ofNullable(USED.get());
  }
}
