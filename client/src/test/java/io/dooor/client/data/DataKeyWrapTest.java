package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.VetKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data key wrapped with vetKD IBE and opened with a vetKey from a real 2-of-3 service. */
class DataKeyWrapTest {
  private static final Bytes CANISTER = Bytes.of("deployment".getBytes(StandardCharsets.US_ASCII));
  private static VetKdService vetkd;

  @BeforeAll
  static void start() throws Exception {
    vetkd = VetKdService.inProcess(2, 3);
  }

  @AfterAll
  static void stop() {
    vetkd.close();
  }

  private static VetKey vetKey(long epoch, BlobId id) throws VetKdException {
    TransportSecretKey tsk = TransportSecretKey.generate();
    DerivedPublicKey dpk = vetkd.publicKey(CANISTER, DataKeyWrap.context(epoch));
    return vetkd
        .derive(CANISTER, DataKeyWrap.context(epoch), DataKeyWrap.identity(id), tsk.publicKey())
        .decryptAndVerify(tsk, dpk, DataKeyWrap.identity(id));
  }

  @Test
  void theContextNamesTheEpochInAscii() {
    assertThat(new String(DataKeyWrap.context(0).toArray(), StandardCharsets.US_ASCII))
        .isEqualTo("dooor/data/e0");
    assertThat(new String(DataKeyWrap.context(4096).toArray(), StandardCharsets.US_ASCII))
        .isEqualTo("dooor/data/e4096");
  }

  @Test
  void opensWithTheBlobsVetKeyOnlyAndAtItsEpochOnly() throws Exception {
    BlobId id = BlobId.random();
    DataKey key = DataKey.generate();
    WrappedDataKey wrapped =
        DataKeyWrap.wrap(key, id, 3, vetkd.publicKey(CANISTER, DataKeyWrap.context(3)));
    assertThat(wrapped.epoch()).isEqualTo(3);
    assertThat(DataKeyWrap.unwrap(wrapped, vetKey(3, id))).isEqualTo(key);
    assertThatThrownBy(() -> DataKeyWrap.unwrap(wrapped, vetKey(3, BlobId.random())))
        .isInstanceOf(VetKdException.class);
    assertThatThrownBy(() -> DataKeyWrap.unwrap(wrapped, vetKey(2, id)))
        .as("a vetKey of an earlier epoch does not open it")
        .isInstanceOf(VetKdException.class);
  }
}
