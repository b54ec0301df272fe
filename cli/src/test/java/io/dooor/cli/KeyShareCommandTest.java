package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.server.ControlPlaneIdentity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyshare commands' and server start's argument checks: each names what is wrong. */
class KeyShareCommandTest {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  private Run export(int index, String out, String... extra) {
    String[] base = {
      "keyshare",
      "export",
      "--data",
      dir.resolve("data").toString(),
      "--index",
      Integer.toString(index),
      "--out",
      dir.resolve(out).toString(),
      "--sealing-key",
      "file:" + dir.resolve(out + ".key")
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  @Test
  void exportWritesAnOwnerOnlyFileOnceAndNeverTwiceTheSameRemovedShare() throws Exception {
    assertThat(export(2, "s2", "--remove").code()).isZero();
    Path out = dir.resolve("s2");
    assertThat(Files.getPosixFilePermissions(out))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readAllBytes(out)).startsWith("DVKK".getBytes(StandardCharsets.US_ASCII));
    assertThat(Files.exists(dir.resolve("data/keyshares/share-2.sealed"))).isFalse();

    Run again = export(2, "s2");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("exists; refusing to overwrite");
    Run gone = export(2, "s2b");
    assertThat(gone.code()).isEqualTo(2);
    assertThat(gone.err()).contains("share 2 is not in");
    Run beyond = export(6, "s6");
    assertThat(beyond.code()).isEqualTo(2);
    assertThat(beyond.err()).contains("share 6 is not in");
  }

  @Test
  void startRefusesBadPrincipalMissingKeyAndWrongKey() throws Exception {
    assertThat(export(1, "s1").code()).isZero();
    String share = dir.resolve("s1").toString();
    String principal = ControlPlaneIdentity.loadOrCreate(dir.resolve("data")).principal().toText();

    Run badPrincipal =
        run(
            "keyshare",
            "start",
            "--share",
            share,
            "--sealing-key",
            "file:" + share + ".key",
            "--control-plane",
            "not-a-principal");
    assertThat(badPrincipal.code()).isEqualTo(2);
    assertThat(badPrincipal.err()).contains("--control-plane");

    Run noKey =
        run(
            "keyshare",
            "start",
            "--share",
            share,
            "--sealing-key",
            "file:" + dir.resolve("none"),
            "--control-plane",
            principal);
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.err()).contains("no such file");

    Path wrong = dir.resolve("wrong.key");
    Files.writeString(wrong, Bytes.of(new byte[32]).hex(), StandardCharsets.US_ASCII);
    Run wrongKey =
        run(
            "keyshare",
            "start",
            "--share",
            share,
            "--sealing-key",
            "file:" + wrong,
            "--control-plane",
            principal,
            "--port",
            "0");
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).startsWith("error (unsealing-failed): ").contains("file:" + wrong);
  }

  @Test
  void serverStartRefusesBadHolderAddresses() {
    Run bad =
        run(
            "server",
            "start",
            "--data",
            dir.resolve("data").toString(),
            "--port",
            "0",
            "--key-share-holder",
            "1=http://127.0.0.1:7101,0=http://127.0.0.1:7102");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'0=http://127.0.0.1:7102'").contains("index must be in 1..255");
  }
}
