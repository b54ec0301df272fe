package io.dooor.client.data;

import static io.dooor.client.data.StreamVectors.decrypt;
import static io.dooor.client.data.StreamVectors.encrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.data.DataException.Reason;
import io.dooor.common.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The stream format against a reference built from client/DATA-FORMAT.md §1 with the JDK alone,
 * round trips over random sizes (seed printed), and each attack named by its reason and chunk.
 */
class ChunkedAeadTest {
  private static final int CHUNK = 64;
  private final DataKey key = DataKey.generate();
  private final BlobId id = BlobId.random();

  @Test
  void matchesTheDocumentedConstruction() throws Exception {
    for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5}) {
      byte[] plain = new byte[size];
      new SecureRandom().nextBytes(plain);
      byte[] ct = encrypt(key, id, CHUNK, plain);
      byte[] prefix = Arrays.copyOfRange(ct, 26, 33);
      assertThat(ct).as("size %d", size).isEqualTo(reference(key, id, CHUNK, prefix, plain));
      assertThat(decrypt(key, id, CHUNK, ct)).isEqualTo(plain);
    }
  }

  /** The vectors of client/DATA-FORMAT.md §1.4, computed from the description twice. */
  @Test
  void documentedVectors() throws Exception {
    byte[] k = new byte[32];
    for (int i = 0; i < 32; i++) {
      k[i] = (byte) i;
    }
    DataKey fixed = DataKey.of(io.dooor.common.SecretBytes.of(k));
    BlobId blob = BlobId.parse("00112233445566778899aabbccddeeff");
    byte[] prefix = Bytes.fromHex("a0a1a2a3a4a5a6").toArray();
    String head = "4444415401010000001000112233445566778899aabbccddeeffa0a1a2a3a4a5a6";
    String fox =
        head
            + "8f750aefa1602d09fac4eb77a889e8808b635d9f5dcd52bf74c4fd48dcf935c3"
            + "8c7409e45ad27aace579b3bd8c34e3ee687de85743ab9e66b864b07675d0aeb1"
            + "b2b7d67a86ea8151db1f4506f2032effa781b65eadd62da819e9ff";
    String empty = head + "d0e7fb43f8e200d2a5267c73c4bfad41";
    byte[] text = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
    for (Object[] v : new Object[][] {{text, fox}, {new byte[0], empty}}) {
      byte[] plain = (byte[]) v[0];
      byte[] ct = Bytes.fromHex((String) v[1]).toArray();
      assertThat(reference(fixed, blob, 16, prefix, plain)).isEqualTo(ct);
      assertThat(decrypt(fixed, blob, 16, ct)).isEqualTo(plain);
    }
  }

  @Test
  void roundTripsRandomSizesAndChunkSizes() throws Exception {
    long seed = new SecureRandom().nextLong();
    System.out.println("ChunkedAeadTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 200; round++) {
      int chunk = round % 10 == 0 ? 65536 : rnd.nextInt(16, 300);
      byte[] plain = StreamVectors.random(rnd, StreamVectors.size(rnd, chunk));
      byte[] ct = encrypt(key, id, chunk, plain);
      long chunks = Math.max(1, (plain.length + chunk - 1) / chunk);
      assertThat(ct).hasSize(33 + plain.length + 16 * (int) chunks);
      assertThat(decrypt(key, id, chunk, ct)).isEqualTo(plain);
    }
  }

  @Test
  void truncationAtEveryChunkBoundaryIsTruncated() throws Exception {
    byte[] ct = encrypt(key, id, CHUNK, new byte[4 * CHUNK + 10]);
    for (int chunks = 0; chunks < 5; chunks++) {
      byte[] cut = Arrays.copyOf(ct, 33 + chunks * (CHUNK + 16));
      assertFails(
          () -> decrypt(key, id, CHUNK, cut), Reason.TRUNCATED, chunks == 0 ? 0 : chunks - 1);
    }
    byte[] exact = encrypt(key, id, CHUNK, new byte[2 * CHUNK]);
    assertFails(
        () -> decrypt(key, id, CHUNK, Arrays.copyOf(exact, exact.length - 5)),
        Reason.REORDERED_OR_MODIFIED,
        1);
    assertFails(() -> decrypt(key, id, CHUNK, Arrays.copyOf(ct, 33 + 10)), Reason.TRUNCATED, 0);
    assertThatThrownBy(() -> decrypt(key, id, CHUNK, Arrays.copyOf(ct, 20)))
        .isInstanceOfSatisfying(
            DataException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
  }

  @Test
  void dataAfterTheFinalChunkIsTrailingData() throws Exception {
    byte[] ct = encrypt(key, id, CHUNK, new byte[2 * CHUNK]);
    byte[] longer = Arrays.copyOf(ct, ct.length + 20);
    assertFails(() -> decrypt(key, id, CHUNK, longer), Reason.TRAILING_DATA, 1);
    byte[] other = encrypt(key, id, CHUNK, new byte[3 * CHUNK]);
    byte[] doubled = concat(ct, Arrays.copyOfRange(other, 33 + 2 * (CHUNK + 16), other.length));
    assertFails(() -> decrypt(key, id, CHUNK, doubled), Reason.TRAILING_DATA, 1);
  }

  @Test
  void swappedChunksAreReorderedAtTheFirstMovedChunk() throws Exception {
    byte[] ct =
        encrypt(key, id, CHUNK, StreamVectors.random(new SplittableRandom(1), 4 * CHUNK + 1));
    byte[] swapped = ct.clone();
    int a = 33 + (CHUNK + 16);
    int b = 33 + 2 * (CHUNK + 16);
    System.arraycopy(ct, a, swapped, b, CHUNK + 16);
    System.arraycopy(ct, b, swapped, a, CHUNK + 16);
    assertFails(() -> decrypt(key, id, CHUNK, swapped), Reason.REORDERED_OR_MODIFIED, 1);
  }

  @Test
  void everyModifiedByteIsDetected() throws Exception {
    byte[] ct = encrypt(key, id, CHUNK, new byte[2 * CHUNK + 3]);
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> decrypt(key, id, CHUNK, bad))
          .as("byte %d", at)
          .isInstanceOfSatisfying(
              DataException.class, e -> assertThat(e.reason()).isEqualTo(expectedForByte(at)));
    }
  }

  @Test
  void chunksFromAnotherBlobOrAnotherEncryptionAreRefused() throws Exception {
    byte[] plain = new byte[3 * CHUNK];
    byte[] ct = encrypt(key, id, CHUNK, plain);
    byte[] again = encrypt(key, id, CHUNK, plain);
    byte[] foreign = encrypt(key, BlobId.random(), CHUNK, plain);
    for (byte[] donor : new byte[][] {again, foreign}) {
      byte[] spliced = ct.clone();
      int at = 33 + (CHUNK + 16);
      System.arraycopy(donor, at, spliced, at, CHUNK + 16);
      assertFails(() -> decrypt(key, id, CHUNK, spliced), Reason.REORDERED_OR_MODIFIED, 1);
    }
    assertFails(() -> decrypt(DataKey.generate(), id, CHUNK, ct), Reason.REORDERED_OR_MODIFIED, 0);
  }

  @Test
  void headerOfAnotherBlobOrChunkSizeIsAMismatch() throws Exception {
    byte[] ct = encrypt(key, id, CHUNK, new byte[10]);
    assertThatThrownBy(() -> decrypt(key, BlobId.random(), CHUNK, ct))
        .isInstanceOfSatisfying(
            DataException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HEADER_MISMATCH));
    assertThatThrownBy(() -> decrypt(key, id, CHUNK * 2, ct))
        .isInstanceOfSatisfying(
            DataException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HEADER_MISMATCH));
  }

  @Test
  void outputIsBoundedByTheChunkNotTheStream() throws Exception {
    byte[] plain = new byte[40 * CHUNK];
    byte[] ct = encrypt(key, id, CHUNK, plain);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] largestWrite = {0};
    ChunkedAead.decrypt(
        key,
        id,
        CHUNK,
        new java.io.ByteArrayInputStream(ct),
        new java.io.FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            largestWrite[0] = Math.max(largestWrite[0], len);
            out.write(b, off, len);
          }
        });
    assertThat(out.toByteArray()).isEqualTo(plain);
    assertThat(largestWrite[0]).isEqualTo(CHUNK);
  }

  /** Magic, version, suite and the chunk size's top byte (over 4 MiB) do not parse. */
  private static Reason expectedForByte(int i) {
    if (i <= 6) {
      return Reason.MALFORMED_HEADER;
    }
    if (i < 26) {
      return Reason.HEADER_MISMATCH;
    }
    return Reason.REORDERED_OR_MODIFIED;
  }

  private static void assertFails(ThrowingCallable call, Reason reason, long chunk) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DataException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.chunk()).hasValue(chunk);
            });
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The format written from its description, with the JDK's HMAC and AES-GCM only. */
  static byte[] reference(DataKey key, BlobId id, int chunk, byte[] prefix, byte[] plain)
      throws GeneralSecurityException {
    ByteBuffer header = ByteBuffer.allocate(33);
    header.put("DDAT".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1);
    header.putInt(chunk).put(id.value().toArray()).put(prefix);
    byte[] aad = header.array();
    byte[] chunkKey = hkdf(key.secret().toArray(), id.value().toArray(), "dooor/data/v1 chunk key");
    int chunks = Math.max(1, (plain.length + chunk - 1) / chunk);
    ByteBuffer out = ByteBuffer.allocate(33 + plain.length + 16 * chunks).put(aad);
    for (int i = 0; i < chunks; i++) {
      byte[] nonce =
          ByteBuffer.allocate(12)
              .put(prefix)
              .putInt(i)
              .put((byte) (i == chunks - 1 ? 1 : 0))
              .array();
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(chunkKey, "AES"),
          new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad);
      int from = i * chunk;
      out.put(gcm.doFinal(plain, from, Math.min(chunk, plain.length - from)));
    }
    return out.array();
  }

  /** RFC 5869 with L = 32: one HMAC block. */
  private static byte[] hkdf(byte[] ikm, byte[] salt, String info) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info.getBytes(StandardCharsets.US_ASCII));
    return mac.doFinal(new byte[] {1});
  }

  @Test
  void blobIdTextForm() {
    BlobId b = BlobId.parse("00112233445566778899aabbccddeeff");
    assertThat(b.toString()).isEqualTo("00112233445566778899aabbccddeeff");
    assertThat(b.value()).isEqualTo(Bytes.fromHex("00112233445566778899aabbccddeeff"));
    assertThatThrownBy(() -> BlobId.parse("00112233445566778899AABBCCDDEEFF"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DataKey.generate().toString()).doesNotContainPattern("[0-9a-f]{8}");
  }
}
