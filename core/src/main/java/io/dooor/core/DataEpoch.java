package io.dooor.core;

import io.dooor.common.Bytes;

/** The current data epoch, its vetKD context and the public key derived for that context. */
public record DataEpoch(long epoch, String context, Bytes derivedPublicKey) {}
