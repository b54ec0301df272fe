package io.dooor.audit;

import io.dooor.common.Bytes;

/**
 * An entry proven to be in a signed checkpoint's tree at position {@code entry.seq()}.
 *
 * @param entry the decoded entry
 * @param encoded its canonical encoding (the leaf data)
 * @param checkpoint the checkpoint it is included in
 */
public record VerifiedEntry(AuditEntry entry, Bytes encoded, VerifiedCheckpoint checkpoint) {}
