/**
 * The threshold key service: no single process holds the master secret.
 *
 * <ul>
 *   <li>{@link io.dooor.vetkd.threshold.ThresholdKeyGenerator}: joint-Feldman key generation (n
 *       verified dealings summed) → {@link io.dooor.vetkd.threshold.ThresholdPublicKey} (Feldman
 *       commitments; C_0 = master public key) and n {@link io.dooor.vetkd.threshold.KeyShare}s.
 *   <li>{@link io.dooor.vetkd.threshold.KeyShareSealer}: AES-256-GCM sealing of shares at rest
 *       under a {@link io.dooor.vetkd.threshold.SealingKeySource} (file, environment; the seam for
 *       TEE sealing or a KMS).
 *   <li>{@link io.dooor.vetkd.threshold.KeyShareHolder}: {@link
 *       io.dooor.vetkd.threshold.LocalKeyShareHolder} in process; {@link
 *       io.dooor.vetkd.threshold.RemoteKeyShareHolder} + {@link
 *       io.dooor.vetkd.threshold.KeyShareEndpoint} across processes, exchanging {@link
 *       io.dooor.vetkd.threshold.DeriveShareRequest} and {@link
 *       io.dooor.vetkd.threshold.EncryptedKeyShare} byte encodings.
 *   <li>{@link io.dooor.vetkd.threshold.ShareCombiner}: verifies every share against its holder's
 *       public key share (batched), combines t by Lagrange interpolation, verifies the result,
 *       names excluded holders; {@link io.dooor.vetkd.threshold.ThresholdDeriver} fans requests
 *       out.
 *   <li>{@link io.dooor.vetkd.threshold.Resharing}: proactive resharing to a new t'/n' keeping the
 *       master public key; {@link io.dooor.vetkd.threshold.DistributedResharing} runs it across
 *       processes ({@link io.dooor.vetkd.threshold.ReshareDealing}s), with a complaint round (each
 *       {@link io.dooor.vetkd.threshold.ReshareComplaint} signed with the Ed25519 key the accused
 *       dealing records for its new holder, {@link io.dooor.vetkd.threshold.ReshareAnswer}, {@link
 *       io.dooor.vetkd.threshold.ReshareDealerState}) so that every new holder uses the same
 *       dealers.
 * </ul>
 */
package io.dooor.vetkd.threshold;
