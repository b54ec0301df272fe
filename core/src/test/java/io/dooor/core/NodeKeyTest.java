package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What core checks of a node key: one DER SEQUENCE of the right length. */
class NodeKeyTest {
  @Test
  void aRealKeyIsAcceptedAndNamesItsPrincipal() {
    NodeKey key = CorePlane.newKey();
    assertThat(key.spki().length()).isEqualTo(44);
    assertThat(key.principal()).isEqualTo(Principal.selfAuthenticating(key.spki().toArray()));
    assertThat(key.toString()).contains(key.principal().toText());
  }

  @Test
  void junkIsRefused() {
    Bytes junk = Bytes.of("junk".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new NodeKey(junk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SEQUENCE");
    assertThatThrownBy(() -> new NodeKey(Bytes.empty())).hasMessageContaining("1-1024");
  }

  @Test
  void truncatedAndExtendedKeysAreRefused() {
    Bytes good = CorePlane.newKey().spki();
    Bytes truncated = Bytes.of(java.util.Arrays.copyOf(good.toArray(), good.length() - 1));
    Bytes extended = Bytes.of(java.util.Arrays.copyOf(good.toArray(), good.length() + 1));
    assertThatThrownBy(() -> new NodeKey(truncated)).hasMessageContaining("SEQUENCE");
    assertThatThrownBy(() -> new NodeKey(extended)).hasMessageContaining("SEQUENCE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "3080", "308100", "3081050102030405", "30830000000000"})
  void nonMinimalOrIndefiniteLengthsAreRefused(String hex) {
    assertThatThrownBy(() -> new NodeKey(Bytes.fromHex(hex)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void longFormLengthsAreRead() {
    byte[] der = new byte[3 + 200];
    der[0] = 0x30;
    der[1] = (byte) 0x81;
    der[2] = (byte) 200;
    assertThat(new NodeKey(Bytes.of(der)).spki().length()).isEqualTo(203);
  }
}
