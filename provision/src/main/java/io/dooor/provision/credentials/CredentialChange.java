package io.dooor.provision.credentials;

import io.dooor.common.Bytes;
import java.util.Map;
import java.util.TreeMap;

/**
 * A described change to a provider credential, prepared before it is applied: the new version's
 * ciphertext is sealed already, so the change holds no plaintext and can wait (for m-of-n approval,
 * kind PROVIDER_CREDENTIALS) as it is; {@link ProviderCredentials#apply} applies it, refusing it if
 * the credential moved on meanwhile (another version was stored first).
 *
 * @param op what it does
 * @param provider the provider
 * @param name the credential's name
 * @param version the version it stores (SET, ROTATE) or the version in force it removes (REMOVE)
 * @param kind the credential's kind (empty for REMOVE)
 * @param ciphertext the sealed new version (empty for REMOVE)
 */
public record CredentialChange(
    Op op, String provider, String name, long version, String kind, Bytes ciphertext) {
  /** What a change does. */
  public enum Op {
    /** Stores version 1 of a credential that does not exist. */
    SET,
    /** Stores the next version; the one in force is retired and erased after the grace. */
    ROTATE,
    /** Erases every version at once. */
    REMOVE
  }

  public CredentialId id() {
    return new CredentialId(provider, name, version);
  }

  /** The change as the record and an approver see it: never the secret. */
  public Map<String, String> facts() {
    Map<String, String> f = new TreeMap<>();
    f.put("op", op.name());
    f.put("provider", provider);
    f.put("name", name);
    f.put("version", Long.toString(version));
    if (!kind.isEmpty()) {
      f.put("kind", kind);
    }
    return f;
  }

  @Override
  public String toString() {
    return "CredentialChange" + facts();
  }
}
