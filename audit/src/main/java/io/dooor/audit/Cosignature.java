package io.dooor.audit;

/**
 * A verified cosignature/v1 (C2SP tlog-cosignature): {@code key}'s statement that, as of {@code
 * timestamp} (POSIX seconds), the checkpoint it signed was the largest consistent tree head it had
 * observed for the log. Only {@link CosignerKey#verify} makes one.
 *
 * @param key the cosigner whose signature verified
 * @param timestamp when the cosigner signed, in seconds since the Epoch
 */
public record Cosignature(CosignerKey key, long timestamp) {}
