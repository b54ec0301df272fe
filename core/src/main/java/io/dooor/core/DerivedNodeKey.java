package io.dooor.core;

import io.dooor.common.Bytes;

/**
 * The result of derive_node_key: the vetKey encrypted to the caller's transport key (192 bytes) and
 * the derived public key (96 bytes) under which the client verifies it. The server never sees the
 * vetKey in the clear.
 *
 * @param context the derivation context
 * @param input the derivation input (the node id's UTF-8 bytes)
 * @param encryptedKey c1||c2||c3 as ICP's vetkd_derive_key returns it
 * @param derivedPublicKey G2 public key for ({@code context}) under the deployment's canister id
 */
public record DerivedNodeKey(
    String context, Bytes input, Bytes encryptedKey, Bytes derivedPublicKey) {}
