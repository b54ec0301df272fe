/**
 * Caller identities and signed requests (DESIGN §2), independent of any HTTP library so that the
 * server, the CLI and the node agent share one implementation.
 *
 * <p>Identities: {@link io.dooor.client.auth.Identity} holds an Ed25519 (default), ECDSA P-256 or
 * secp256k1 key pair, stored as PKCS#8 PEM (0600); its principal is the ICP self-authenticating
 * principal of the DER SubjectPublicKeyInfo. {@link io.dooor.client.auth.PublicKeys#parseSpki}
 * accepts exactly those three key types in canonical DER (uncompressed EC points), so that one key
 * has one principal.
 *
 * <p>Requests (RFC 9421 HTTP Message Signatures, RFC 9530 Content-Digest), as {@link
 * io.dooor.client.auth.RequestSigner} writes them and {@link io.dooor.client.auth.RequestVerifier}
 * checks them:
 *
 * <pre>
 * Content-Digest: sha-256=:&lt;base64 SHA-256 of the body, also when empty&gt;:
 * Signature-Input: dooor=("@method" "@path" "@query" "content-digest");created=&lt;unix s&gt;;\
 *   nonce="&lt;128 random bits, base64url&gt;";keyid="&lt;principal text&gt;";alg="&lt;ed25519 |
 *   ecdsa-p256-sha256 | ecdsa-secp256k1-sha256&gt;"
 * Signature: dooor=:&lt;base64 64-byte signature over the RFC 9421 §2.5 signature base&gt;:
 * Dooor-Public-Key: &lt;base64 DER SubjectPublicKeyInfo; its principal must equal keyid&gt;
 * </pre>
 *
 * <p>Choices: {@code @path} + {@code @query} rather than {@code @target-uri}, so that signatures
 * survive TLS-terminating proxies (scheme, host and port are not signed; a deployment that shares
 * caller keys with another deployment should add {@code @authority}, which the verifier accepts).
 * The public key travels with each request because the principal is its hash: the verifier needs no
 * key directory, and the key is bound to the signed {@code keyid}. Requests are accepted within 60
 * s after {@code created} and 5 s before (clock skew), each nonce once per key within that window,
 * checked after the signature so that forged requests cannot use up nonces.
 */
package io.dooor.client.auth;
