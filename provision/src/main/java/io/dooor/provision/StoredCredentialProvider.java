package io.dooor.provision;

import io.dooor.core.TeeType;
import io.dooor.provision.credentials.CredentialException;
import io.dooor.provision.credentials.ProviderCredentials;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A cloud provider whose credential is in the credential store (issue 14): for every call, the
 * credential in force is opened ({@link ProviderCredentials#openForCall}: the workload's own if it
 * has one, else {@code PROVIDER/defaultName}), the adapter is built with it for that call only, and
 * closed after it (the plaintext then lives only in that adapter's memory, for that call); a
 * rotation takes effect with the next call. A credential that is missing, of another kind, or whose
 * ciphertext does not authenticate fails the call (recorded, UNAVAILABLE), and nothing is sent.
 */
public final class StoredCredentialProvider implements Provider {
  /** Builds the adapter of one call from the opened credential. */
  @FunctionalInterface
  public interface Factory {
    /**
     * @throws ProviderException if the credential is not of a kind the adapter takes
     */
    Provider build(ProviderCredentials.Opened credential) throws ProviderException;
  }

  private final String name;
  private final Set<String> regions;
  private final Set<TeeType> teeTypes;
  private final Supplier<ProviderCredentials> credentials;
  private final String defaultName;
  private final Factory factory;

  /**
   * @param credentials the credential store (supplied late: it needs the key service)
   * @param defaultName the provider's default credential
   */
  public StoredCredentialProvider(
      String name,
      Set<String> regions,
      Set<TeeType> teeTypes,
      Supplier<ProviderCredentials> credentials,
      String defaultName,
      Factory factory) {
    this.name = name;
    this.regions = Set.copyOf(regions);
    this.teeTypes = Set.copyOf(teeTypes);
    this.credentials = credentials;
    this.defaultName = defaultName;
    this.factory = factory;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> regions() {
    return regions;
  }

  @Override
  public Set<TeeType> teeTypes() {
    return teeTypes;
  }

  @Override
  public Answer create(MachineRequest request) throws ProviderException {
    return call(p -> p.create(request));
  }

  @Override
  public Answer terminate(String region, String providerRef) throws ProviderException {
    return call(p -> p.terminate(region, providerRef));
  }

  private interface Op {
    Answer run(Provider p) throws ProviderException;
  }

  private Answer call(Op op) throws ProviderException {
    ProviderCredentials.Opened opened;
    try {
      opened = credentials.get().openForCall(name, defaultName);
    } catch (CredentialException e) {
      throw new ProviderException(
          ProviderException.Reason.UNAVAILABLE,
          "credential " + name + " is not usable (" + e.reason() + "): " + e.getMessage(),
          "");
    }
    Provider adapter = factory.build(opened);
    try {
      return op.run(adapter);
    } finally {
      if (adapter instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          // closing a client of one call: nothing left to do for the call
        }
      }
    }
  }

  @Override
  public String toString() {
    return "StoredCredentialProvider[" + name + "/" + defaultName + "]";
  }
}
