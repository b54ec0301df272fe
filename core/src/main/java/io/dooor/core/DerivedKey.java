package io.dooor.core;

import io.dooor.common.Bytes;

/**
 * The result of an authorised vetKD derivation (ICP {@code vetkd_derive_key}): the vetKey for
 * ({@code context}, {@code input}) encrypted to the caller's transport key, and the derived public
 * key under which the caller verifies it. The control plane never sees the vetKey in the clear.
 *
 * @param context the derivation context (UTF-8)
 * @param input the derivation input
 * @param rule the authorisation rule that allowed the request (see {@link DerivationRules})
 * @param encryptedKey c1||c2||c3, 192 bytes, as ICP's vetkd_derive_key returns it
 * @param derivedPublicKey G2 public key (96 bytes) for {@code context} under this deployment
 */
public record DerivedKey(
    String context, Bytes input, String rule, Bytes encryptedKey, Bytes derivedPublicKey) {}
