package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.KeyShare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyShareFolderTest {
  @TempDir Path data;

  @Test
  void generatesOnceThenReloadsTheSameSharing() throws Exception {
    KeyShareFolder folder = KeyShareFolder.open(data);
    List<KeyShare> first = folder.loadOrGenerate();
    assertThat(first).extracting(KeyShare::index).containsExactly(1, 2, 3, 4, 5);
    assertThat(folder.publicKey()).isEqualTo(first.get(0).publicKey());
    List<KeyShare> again = KeyShareFolder.open(data).loadOrGenerate();
    assertThat(again.get(0).publicKey()).isEqualTo(first.get(0).publicKey());
  }

  @Test
  void exportedSharesAreNotRegeneratedAndThePublicKeyStays() throws Exception {
    KeyShareFolder folder = KeyShareFolder.open(data);
    var pk = folder.loadOrGenerate().get(0).publicKey();
    assertThat(folder.sealedIndices()).containsExactly(1, 2, 3, 4, 5);
    for (int i = 1; i <= 5; i++) {
      assertThat(folder.remove(i)).isTrue();
    }
    assertThat(folder.loadOrGenerate()).isEmpty();
    assertThat(folder.publicKey()).isEqualTo(pk);
    assertThat(folder.share(2)).isEmpty();
    assertThat(folder.sealedIndices()).isEmpty();
  }

  @Test
  void aFolderWithoutSharesHasNoPublicKey() throws Exception {
    assertThatThrownBy(() -> KeyShareFolder.open(data).publicKey())
        .isInstanceOf(VetKdException.class)
        .hasMessageContaining("no threshold public key");
  }

  @Test
  void aPublicKeyFileOfAnotherSharingIsRefused() throws Exception {
    KeyShareFolder.open(data).loadOrGenerate();
    Path other = Files.createDirectory(data.resolve("other"));
    KeyShareFolder.open(other).loadOrGenerate();
    Files.copy(
        other.resolve("keyshares/public-key.hex"),
        data.resolve("keyshares/public-key.hex"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> KeyShareFolder.open(data).loadOrGenerate())
        .isInstanceOf(VetKdException.class)
        .hasMessageContaining("do not belong to");
  }
}
