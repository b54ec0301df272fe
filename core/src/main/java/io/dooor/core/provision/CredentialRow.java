package io.dooor.core.provision;

import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored version of a provider credential (issue 14): only its ciphertext, sealed under a key
 * derived through the threshold vetKD service (core does not interpret it). A rotation stores the
 * next version and marks the one before retired; a retired version is erased once its grace has
 * passed.
 *
 * @param provider the provider it is for ({@code aws}, ...)
 * @param name the credential's name within the provider ({@code default}, a workload, ...)
 * @param version 1, 2, ... per (provider, name)
 * @param kind what the plaintext is ({@code aws-keys}, ...): never secret
 * @param ciphertext the sealed credential
 * @param createdBy who stored it
 * @param createdAt when
 * @param retiredAt when a newer version replaced it (null while it is the current one)
 */
public record CredentialRow(
    String provider,
    String name,
    long version,
    String kind,
    Bytes ciphertext,
    Principal createdBy,
    Instant createdAt,
    Instant retiredAt) {
  public CredentialRow {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1) {
      throw new IllegalArgumentException("credential version " + version + " is not positive");
    }
  }

  public Optional<Instant> retired() {
    return Optional.ofNullable(retiredAt);
  }

  /** This version, retired at {@code at}. */
  public CredentialRow retire(Instant at) {
    return new CredentialRow(
        provider,
        name,
        version,
        kind,
        ciphertext,
        createdBy,
        createdAt,
        Objects.requireNonNull(at));
  }

  @Override
  public String toString() {
    return "CredentialRow[" + provider + "/" + name + " v" + version + " " + kind + "]";
  }
}
