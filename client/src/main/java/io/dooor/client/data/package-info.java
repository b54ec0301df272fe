/**
 * encrypt_data and decrypt_data on the client side, without the network (DESIGN §6, issue #13): the
 * byte formats are in client/DATA-FORMAT.md.
 *
 * <ul>
 *   <li>{@link io.dooor.client.data.BlobEncoder}: a plaintext stream becomes n shard streams. A
 *       fresh 256-bit {@link io.dooor.client.data.DataKey} encrypts it in chunks ({@link
 *       io.dooor.client.data.ChunkedAead}: AES-256-GCM, STREAM nonces binding the blob id, the
 *       chunk index and a final-chunk flag); the ciphertext is Reed-Solomon coded ({@link
 *       io.dooor.client.data.ReedSolomon}, any k of n shards restore it) and each shard is hashed
 *       (SHA-256, its content address) as it is written.
 *   <li>{@link io.dooor.client.data.EncryptedBlob}: the manifest (id, size, layout, wrapped data
 *       key and epoch, shard hashes and placement, target nodes and recovery principals), with a
 *       canonical binary encoding and a strict parser.
 *   <li>{@link io.dooor.client.data.ShardVerifier} then {@link io.dooor.client.data.BlobDecoder}:
 *       any k shards that verify against the manifest restore the plaintext; corrupt shards count
 *       as missing and are reported by index; lost shards are rebuilt byte for byte.
 * </ul>
 *
 * <p>Guarantees: a decrypted blob is exactly the blob its data key's holder encrypted, or decoding
 * fails with a {@link io.dooor.client.data.DataException} whose reason names what went wrong
 * (truncation, extension, a reordered or modified chunk, a corrupt shard, too few shards). Memory
 * is bounded by the chunk and stripe sizes (a few hundred KiB by default), never by the blob's
 * size. The data key's wrapping (vetKD IBE under context {@code dooor/data}) happens outside this
 * package: here it is opaque bytes with an epoch.
 */
package io.dooor.client.data;
