/**
 * Shared PKI for attestation verifiers. The API, in the order a verifier uses it:
 *
 * <ul>
 *   <li>{@link io.dooor.attestation.pki.TrustAnchors#load(java.nio.file.Path)}: vendor roots from
 *       the trust folder, each checked against the SHA-256 pinned in {@link
 *       io.dooor.attestation.pki.VendorRoot}; {@code anchor(VendorRoot)} gives a {@link
 *       io.dooor.attestation.pki.TrustAnchor}.
 *   <li>{@link io.dooor.attestation.pki.Certificates}: DER/PEM certificates and CRLs.
 *   <li>{@link io.dooor.attestation.pki.CertificateChainVerifier#verify}: leaf-first chain to an
 *       anchor at an explicit instant, with CRLs; returns {@link
 *       io.dooor.attestation.pki.VerifiedChain} or throws {@link
 *       io.dooor.attestation.pki.PkiException} whose reason and link name the failure.
 *   <li>{@link io.dooor.attestation.pki.EcdsaVerifier} (P-256 via Conscrypt, P-384 via
 *       BouncyCastle; DER, P1363 and SNP little-endian signatures) and {@link
 *       io.dooor.attestation.pki.RsaPssVerifier} (SHA-384, salt 48): the signature adapters, all
 *       tested against Wycheproof.
 * </ul>
 */
package io.dooor.attestation.pki;
