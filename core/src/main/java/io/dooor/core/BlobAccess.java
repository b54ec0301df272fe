package io.dooor.core;

/** A blob as one caller may see it: with whether that caller may decrypt it (and get shards). */
public record BlobAccess(Blob blob, boolean mayDecrypt) {}
