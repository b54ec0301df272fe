package io.dooor.vetkd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SHAKE256 known answers (FIPS 202) around the 136-byte rate, 200 output bytes (two squeeze
 * blocks): the input is bytes (7i + 3) mod 256, i = 0..len-1; first and last 32 output bytes.
 */
class Shake256Test {
  @ParameterizedTest
  @CsvSource({
    "0, 46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f,"
        + " b68ceab7a9e0c58d864e8efde4e1b9a46cbe854713672f5caaae314ed9083dab",
    "3, 43a0b197b976835b9874524272a43a8ecbf2891579772b66e9c32f767014a6d0,"
        + " 86ba1a221c183d564a31792cfa04219dd303b41948adaa168e0dab00ff4f62ee",
    "135, 0213fc98352f009fafdf8ee1ea36391485a85aa6f6c07a5cd81266d21eb17f9a,"
        + " 28be689e8a7807e60a211d30c0c9526dcb7552f9a83f0f77a92467ac3421636a",
    "136, c00f43811e5b4a38e14e3c06d8a5ce34115a19cd604ce5bac6c3823b76046d5c,"
        + " 60879a96dfe95a79c873069a03031ee6094eb2326c85362cbc553a257e1adb82",
    "137, 3c983983487bcbe74feba53b35bb1e05812379cb4116d9761f78d2ce3177866e,"
        + " e036120781dd3a09860fbc326626bf99234241536491813d8ee261efbdb8773f",
    "272, fbb7df100461f5db3224c3b715603b5a52f92bd0f761d9361d4aa0613d47033b,"
        + " 959742640608f58714f194dd80ab8be22217e1c6db2a70ef8cedd0884921a238",
    "300, 685d9873233fd4c7ce4bb15d7b947c9841f0e5cc18847a4ef07769ccb13022be,"
        + " ef3d41b1da995ff0cf776d5c213fd1ebb7901a00916c6bb18fe89774375f939c"
  })
  void knownAnswers(int len, String first32, String last32) {
    byte[] in = new byte[len];
    for (int i = 0; i < len; i++) {
      in[i] = (byte) (7 * i + 3);
    }
    byte[] out = Shake256.digest(in, 200);
    assertThat(Bytes.of(Arrays.copyOf(out, 32)).hex()).isEqualTo(first32);
    assertThat(Bytes.of(Arrays.copyOfRange(out, 168, 200)).hex()).isEqualTo(last32);
  }

  @Test
  void shorterOutputsArePrefixes() {
    byte[] in = new byte[50];
    byte[] full = Shake256.digest(in, 300);
    for (int n : new int[] {0, 1, 7, 8, 135, 136, 137, 271, 272, 273}) {
      assertThat(Shake256.digest(in, n)).isEqualTo(Arrays.copyOf(full, n));
    }
  }
}
