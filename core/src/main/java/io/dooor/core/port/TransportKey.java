package io.dooor.core.port;

/**
 * A transport public key (ICP vetKD spec §1: G1, 48 bytes compressed) decoded once, at the edge, by
 * {@link KeyService#parseTransportKey}: on the curve, in the prime-order subgroup and not the
 * identity. Opaque to the control plane, which only passes it back to the key service that made it;
 * it has no encoding to decode again.
 */
public interface TransportKey {}
