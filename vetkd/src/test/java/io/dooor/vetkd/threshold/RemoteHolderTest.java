package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Holders reached only through bytes (as over HTTP): one down, one corrupting its answers. */
class RemoteHolderTest {
  private static final SecureRandom RNG = new SecureRandom();

  @Test
  void derivesThroughTheWireFormsAndNamesBadHolders() throws Exception {
    ThresholdKeyGenerator.Generated keys = new ThresholdKeyGenerator(RNG).generate(3, 5);
    List<KeyShareHolder> remote = new ArrayList<>();
    for (KeyShare s : keys.shares()) {
      KeyShareEndpoint endpoint = new KeyShareEndpoint(new LocalKeyShareHolder(s, RNG));
      RemoteKeyShareHolder.Transport wire =
          switch (s.index()) {
            case 2 ->
                req -> {
                  throw new IOException("connection refused");
                };
            case 4 ->
                req -> {
                  byte[] b = endpoint.handle(req).toArray();
                  b[b.length - 1] ^=
                      1; // flips a bit of c3: still a valid encoding? then invalid share
                  return Bytes.of(b);
                };
            default -> endpoint::handle;
          };
      remote.add(new RemoteKeyShareHolder(s.index(), wire));
    }
    Bytes canister = Bytes.fromHex("0000000000c0a0d00101");
    Bytes context = Bytes.of("ctx".getBytes(StandardCharsets.UTF_8));
    Bytes input = Bytes.of("in".getBytes(StandardCharsets.UTF_8));
    TransportSecretKey tsk = TransportSecretKey.generate();
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), remote, Duration.ofSeconds(5), ThresholdDeriver.FanOut.ALL)) {
      ThresholdDerivation d =
          svc.deriveWithReport(DeriveShareRequest.of(canister, context, input, tsk.publicKey()));
      assertThat(d.excludedHolders().keySet()).isSubsetOf(2, 4);
      HolderAssertions.assertNamed(svc, d, 2, HolderVerdict.Outcome.FAILED, "connection refused");
      // a flipped bit of c3 gives an invalid share or, off the curve, an unparsable answer
      HolderAssertions.assertNamed(svc, d, 4, null, null);
      DerivedPublicKey dpk = svc.publicKey(canister, context);
      d.encryptedKey().decryptAndVerify(tsk, dpk, input);
    }
  }
}
