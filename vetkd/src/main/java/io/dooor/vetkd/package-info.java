/**
 * vetKD on BLS12-381, byte-compatible with DFINITY's vetKeys (ic-vetkeys Rust crate and the
 * {@code @dfinity/vetkeys} TypeScript package); the specification is {@code shared/specs/vetkd.md},
 * cited below as "spec §n".
 *
 * <p>Client side (what an ICP vetKeys client does, with the same bytes):
 *
 * <ul>
 *   <li>{@link io.dooor.vetkd.MasterPublicKey} (G2, 96 bytes) → {@link
 *       io.dooor.vetkd.MasterPublicKey#deriveCanisterKey} → {@link
 *       io.dooor.vetkd.DerivedPublicKey#deriveSubKey} (spec §3)
 *   <li>{@link io.dooor.vetkd.TransportSecretKey} / {@link io.dooor.vetkd.TransportPublicKey} (G1,
 *       48 bytes; identity = "unencrypted")
 *   <li>{@link io.dooor.vetkd.EncryptedVetKey#parse} (192 bytes) → {@link
 *       io.dooor.vetkd.EncryptedVetKey#decryptAndVerify} → {@link io.dooor.vetkd.VetKey} (spec §4)
 *   <li>{@link io.dooor.vetkd.VetKey#deriveSymmetricKey}, {@link io.dooor.vetkd.DerivedKeyMaterial}
 *       ("IC GCMv2" and legacy AES-GCM), {@link io.dooor.vetkd.VrfOutput} (spec §5)
 *   <li>{@link io.dooor.vetkd.IbeCiphertext} with {@link io.dooor.vetkd.IbeSeed} (spec §6)
 * </ul>
 *
 * <p>Server side: {@link io.dooor.vetkd.VetKdService} ({@code vetkd_public_key}, {@code
 * vetkd_derive_key}) over t-of-n key-share holders in {@link io.dooor.vetkd.threshold}. Every
 * failure is a {@link io.dooor.vetkd.VetKdException} with a {@link
 * io.dooor.vetkd.VetKdException.Reason}. Group arithmetic over jblst lives in {@code internal}.
 */
package io.dooor.vetkd;
