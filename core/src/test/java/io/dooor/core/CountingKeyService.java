package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.port.KeyDerivationReport;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An honest {@link KeyService} for core's tests, which cannot depend on vetkd: it keeps the port's
 * contract (decodes a transport key once and derives only with keys it decoded itself; refuses keys
 * that are not 48 bytes, not in compressed form or the identity, as the real one does by flags) but
 * its "vetKey" is a SHA-256 expansion, not vetKD: the cryptography is tested in vetkd and end to
 * end in server. It counts decodings and derivations, and reports holders 1 and 3 combined and
 * holder 2 excluded for a timeout.
 */
final class CountingKeyService implements KeyService {
  final AtomicInteger parses = new AtomicInteger();
  final AtomicInteger derivations = new AtomicInteger();

  /** A key decoded here; holds the decoded encoding, never re-read from the wire. */
  private record Decoded(Bytes point) implements TransportKey {}

  @Override
  public TransportKey parseTransportKey(Bytes encoded) throws KeyServiceException {
    parses.incrementAndGet();
    byte[] b = encoded.toArray();
    if (b.length != 48 || (b[0] & 0x80) == 0) {
      throw invalid("not a compressed G1 point");
    }
    if ((b[0] & 0x40) != 0) {
      throw invalid("the identity (an unencrypted vetKey)");
    }
    return new Decoded(encoded);
  }

  @Override
  public Bytes derivedPublicKey(Bytes context) {
    return expand("dpk", context, 96);
  }

  @Override
  public KeyDerivationReport derive(Bytes context, Bytes input, TransportKey key) {
    if (!(key instanceof Decoded d)) {
      throw new IllegalArgumentException("a transport key this service did not decode");
    }
    derivations.incrementAndGet();
    SortedMap<Integer, String> excluded = new TreeMap<>();
    excluded.put(2, "timeout");
    Bytes encrypted = expand("key", concat(context, input, d.point()), 192);
    return new KeyDerivationReport(encrypted, derivedPublicKey(context), List.of(1, 3), excluded);
  }

  /** A transport key this service accepts. */
  static Bytes goodKey() {
    byte[] b = new byte[48];
    b[0] = (byte) 0x80;
    b[47] = 7;
    return Bytes.of(b);
  }

  private static Bytes expand(String label, Bytes data, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i * 32 < length; i++) {
      Bytes tag = Bytes.of((label + i).getBytes(StandardCharsets.UTF_8));
      byte[] block = Digests.sha256(concat(tag, data).toArray()).toArray();
      System.arraycopy(block, 0, out, i * 32, Math.min(32, length - i * 32));
    }
    return Bytes.of(out);
  }

  private static Bytes concat(Bytes... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Bytes p : parts) {
      out.writeBytes(p.toArray());
    }
    return Bytes.of(out.toByteArray());
  }

  private static KeyServiceException invalid(String why) {
    return new KeyServiceException(KeyServiceException.Reason.INVALID_INPUT, why);
  }
}
