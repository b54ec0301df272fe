package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.DfinityClient;
import io.dooor.vetkd.DfinityClient.Reply;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.VetKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's data key against DFINITY's own {@code @dfinity/vetkeys} 0.4.0 (the Node driver in
 * {@code interop/dfinity-vetkeys}, a real process, see vetkd's {@code DfinityClientInteropTest}):
 * our {@link DataKeyWrap} wraps a data key to a blob id under the key derived for {@code
 * dooor/data/e<epoch>}; our threshold vetKD service (3 of 5 holders) issues the blob identity's
 * vetKey encrypted to a transport key the library generated; the library decrypts and verifies the
 * vetKey and opens our wrapped key to the same bytes. And the other way: a key the library wraps to
 * a blob id opens with {@link DataKeyWrap#unwrap}. Skipped without Node or the library, except
 * under {@code CI=true}, where it fails.
 */
class DataKeyDfinityInteropTest {
  private static final Bytes CANISTER = Bytes.fromHex("0000000000c0a0d00101");
  private static final long EPOCH = 7;

  @TempDir static Path work;
  private static VetKdService service;
  private static DfinityClient ts;

  @BeforeAll
  static void start() throws Exception {
    ts = DfinityClient.startOrSkip(work.resolve("client.stderr"));
    assertThat(ts.ok("version").text("library")).isEqualTo("0.4.0");
    service = VetKdService.inProcess(3, 5);
  }

  @AfterAll
  static void stop() throws Exception {
    if (ts != null) {
      ts.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private static DerivedPublicKey epochKey(long epoch) {
    return service.publicKey(CANISTER, DataKeyWrap.context(epoch));
  }

  /** Our service's encrypted vetKey for blob {@code id} at {@code epoch}, to the library's key. */
  private static Bytes issueToLibrary(Reply transportKey, long epoch, BlobId id) throws Exception {
    TransportPublicKey tpk = TransportPublicKey.parse(transportKey.bytes("public_key"));
    EncryptedVetKey ek =
        service.derive(CANISTER, DataKeyWrap.context(epoch), DataKeyWrap.identity(id), tpk);
    return ek.toBytes();
  }

  /** The vetKey the library recovers (decrypt and verify) for blob {@code id} at {@code epoch}. */
  private static Bytes libraryVetKey(long epoch, BlobId id) throws Exception {
    Reply tk = ts.ok("transport-key-generate");
    return ts.ok(
            "decrypt-and-verify",
            "handle",
            tk.text("handle"),
            "encrypted_key",
            issueToLibrary(tk, epoch, id),
            "derived_public_key",
            epochKey(epoch).toBytes(),
            "input",
            DataKeyWrap.identity(id))
        .bytes("vetkey");
  }

  @Test
  void theLibraryOpensOurWrappedDataKeyWithTheVetKeyWeIssue() throws Exception {
    BlobId id = BlobId.random();
    DataKey key = DataKey.generate();
    WrappedDataKey wrapped = DataKeyWrap.wrap(key, id, EPOCH, epochKey(EPOCH));

    // the library checks the derived key itself: it derives it from our master key and the context
    Reply derived =
        ts.ok(
            "derive-public-key",
            "master_public_key",
            service.masterPublicKey().toBytes(),
            "canister_id",
            CANISTER,
            "context",
            DataKeyWrap.context(EPOCH));
    assertThat(derived.bytes("derived_public_key")).isEqualTo(epochKey(EPOCH).toBytes());

    Bytes vetKey = libraryVetKey(EPOCH, id);
    Bytes opened =
        ts.ok("ibe-decrypt", "vetkey", vetKey, "ciphertext", wrapped.ciphertext()).bytes("message");
    assertThat(opened.toArray()).isEqualTo(key.secret().toArray());

    // another blob's vetKey, or this blob's vetKey of another epoch, does not open it
    for (Bytes other :
        new Bytes[] {libraryVetKey(EPOCH, BlobId.random()), libraryVetKey(EPOCH + 1, id)}) {
      Reply refused = ts.call("ibe-decrypt", "vetkey", other, "ciphertext", wrapped.ciphertext());
      assertThat(refused.ok()).isFalse();
      assertThat(refused.error()).isEqualTo("Decryption failed");
    }
  }

  @Test
  void theLibraryRefusesTheVetKeyOfAnotherBlobOrEpoch() throws Exception {
    BlobId id = BlobId.random();
    Reply tk = ts.ok("transport-key-generate");
    Bytes ek = issueToLibrary(tk, EPOCH, id);
    Reply wrongBlob =
        ts.call(
            "decrypt-and-verify",
            "handle",
            tk.text("handle"),
            "encrypted_key",
            ek,
            "derived_public_key",
            epochKey(EPOCH).toBytes(),
            "input",
            BlobId.random().value());
    Reply wrongEpoch =
        ts.call(
            "decrypt-and-verify",
            "handle",
            tk.text("handle"),
            "encrypted_key",
            ek,
            "derived_public_key",
            epochKey(EPOCH + 1).toBytes(),
            "input",
            id.value());
    for (Reply r : new Reply[] {wrongBlob, wrongEpoch}) {
      assertThat(r.ok()).isFalse();
      assertThat(r.error()).isEqualTo("Invalid VetKey");
    }
  }

  @Test
  void aKeyTheLibraryWrapsToABlobOpensWithOurUnwrap() throws Exception {
    BlobId id = BlobId.random();
    DataKey key = DataKey.generate();
    Bytes fromLibrary =
        ts.ok(
                "ibe-encrypt",
                "derived_public_key",
                epochKey(EPOCH).toBytes(),
                "identity",
                id.value(),
                "message",
                key.secret())
            .bytes("ciphertext");
    WrappedDataKey wrapped = new WrappedDataKey(EPOCH, fromLibrary);

    // our Java client recovers the vetKey with its own transport key and unwraps
    TransportSecretKey tsk = TransportSecretKey.generate();
    VetKey vetKey =
        service
            .derive(CANISTER, DataKeyWrap.context(EPOCH), DataKeyWrap.identity(id), tsk.publicKey())
            .decryptAndVerify(tsk, epochKey(EPOCH), DataKeyWrap.identity(id));
    assertThat(DataKeyWrap.unwrap(wrapped, vetKey)).isEqualTo(key);
    // and the vetKey the library recovered is the same key
    assertThat(libraryVetKey(EPOCH, id)).isEqualTo(Bytes.of(vetKey.toBytes().toArray()));

    // one flipped bit in the library's ciphertext: our unwrap refuses it
    byte[] flipped = fromLibrary.toArray();
    flipped[flipped.length - 1] ^= 0x01;
    assertThatThrownBy(
            () -> DataKeyWrap.unwrap(new WrappedDataKey(EPOCH, Bytes.of(flipped)), vetKey))
        .isInstanceOf(VetKdException.class);
    // a 31-byte "data key" wrapped by the library is refused as the wrong length
    Bytes shortKey =
        ts.ok(
                "ibe-encrypt",
                "derived_public_key",
                epochKey(EPOCH).toBytes(),
                "identity",
                id.value(),
                "message",
                Bytes.of(new byte[31]))
            .bytes("ciphertext");
    assertThatThrownBy(() -> DataKeyWrap.unwrap(new WrappedDataKey(EPOCH, shortKey), vetKey))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.getMessage()).contains("31 bytes, not 32"));
  }
}
