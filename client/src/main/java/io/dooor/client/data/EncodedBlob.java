package io.dooor.client.data;

/**
 * A blob just encrypted and coded: its shards' description and the data key, which the caller wraps
 * (IBE) into the manifest and then forgets.
 */
public record EncodedBlob(CodedBlob coded, DataKey key) {}
