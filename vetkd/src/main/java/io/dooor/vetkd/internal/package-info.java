/**
 * BLS12-381 over jblst (native blst): points decoded once with length, flag, canonical-encoding,
 * on-curve and subgroup checks ({@link io.dooor.vetkd.internal.G1Point}, {@link
 * io.dooor.vetkd.internal.G2Point}, with an explicit {@link
 * io.dooor.vetkd.internal.IdentityPolicy}), immutable wrappers (jblst mutates in place), scalars
 * ({@link io.dooor.vetkd.internal.Fr}, big-endian, range-checked in constant time), pairings and
 * the ic_bls12_381 Gt byte order, HKDF, SHAKE256. Not an API: used by the vetkd packages only.
 */
package io.dooor.vetkd.internal;
