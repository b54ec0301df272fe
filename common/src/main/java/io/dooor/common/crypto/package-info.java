/**
 * The one crypto toolbox of the project, free of domain types: {@link
 * io.dooor.common.crypto.Ed25519PublicKey} / {@link io.dooor.common.crypto.Ed25519PrivateKey} (RFC
 * 8032, one strict key-validation rule), {@link io.dooor.common.crypto.EcdsaPublicKey} / {@link
 * io.dooor.common.crypto.EcdsaPrivateKey} on the {@link io.dooor.common.crypto.EcCurve}s P-256,
 * P-384 and secp256k1 (FIPS 186-5, SEC 1; DER and r || s signatures), the strict DER reader {@link
 * io.dooor.common.crypto.DerReader} and writer (X.690 §10), and the PEM reader {@link
 * io.dooor.common.crypto.Pem} (RFC 7468). Failures are the JDK's {@code InvalidKeyException} and
 * {@code SignatureException}, or {@link io.dooor.common.crypto.DerException} / {@link
 * io.dooor.common.crypto.PemException}; callers map them to their own reasons. Details live in
 * {@code internal}.
 */
package io.dooor.common.crypto;
