package io.dooor.keyshare;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.common.crypto.Ed25519PublicKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may post in a distributed key generation: the n holders' long-term Ed25519 identity public
 * keys (holder j's on line j), given alike to the relay ({@code dooor keyshare dkg-relay}) and to
 * every holder ({@code dooor keyshare dkg}). Every post is signed by its holder's identity key over
 * {@link #signedMessage} (the run id, the round, the index and the SHA-256 of the body), so that
 * nobody else can take a holder's slot, and a post of another run is refused: the relay checks the
 * signature before it takes a post, and every holder checks it again on every board entry (the
 * relay is not trusted).
 *
 * <p>Text form (operator input, {@link #parse}): one line per holder, the base64 DER
 * SubjectPublicKeyInfo of an Ed25519 key (RFC 8410 §4; what {@code dooor identity show} prints as
 * "public key"); blank lines and lines starting with '#' are skipped; no key twice; 1..255 holders.
 */
public final class DkgIdentities {
  /** A run id: what an operator picks for one generation, e.g. "2026-12-08-prod". */
  public static final Pattern RUN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Largest roster text read: 255 lines of a 60-byte key in base64, with comments. */
  public static final int MAX_TEXT = 64 * 1024;

  private static final byte[] DOMAIN = "dooor dkg post v1\0".getBytes(StandardCharsets.US_ASCII);

  private final List<Ed25519PublicKey> keys;

  private DkgIdentities(List<Ed25519PublicKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /** The roster of these keys, holder j's at index j-1. */
  public static DkgIdentities of(List<Ed25519PublicKey> keys) {
    if (keys.isEmpty() || keys.size() > 255) {
      throw new IllegalArgumentException("a dkg roster names 1..255 holders, got " + keys.size());
    }
    if (new HashSet<>(keys).size() != keys.size()) {
      throw new IllegalArgumentException("a dkg roster names some identity key twice");
    }
    return new DkgIdentities(keys);
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException naming the line that is not an Ed25519 public key, a repeated
   *     key, or a roster of no or too many holders
   */
  public static DkgIdentities parse(String text) {
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("a dkg roster is at most " + MAX_TEXT + " characters");
    }
    List<Ed25519PublicKey> keys = new ArrayList<>();
    Set<Ed25519PublicKey> seen = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int l = 0; l < lines.length; l++) {
      String line = lines[l].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Ed25519PublicKey key = key(line, l + 1);
      if (!seen.add(key)) {
        throw new IllegalArgumentException("line " + (l + 1) + ": the key of another holder");
      }
      keys.add(key);
    }
    return of(keys);
  }

  private static Ed25519PublicKey key(String line, int number) {
    try {
      return Ed25519PublicKey.parseSpki(Bytes.of(Base64.getDecoder().decode(line)));
    } catch (IllegalArgumentException | InvalidKeyException e) {
      throw new IllegalArgumentException(
          "line " + number + ": not the base64 SPKI of an Ed25519 public key: " + e.getMessage());
    }
  }

  /** n. */
  public int holders() {
    return keys.size();
  }

  /** Holder {@code j}'s identity key, 1 <= j <= n. */
  public Ed25519PublicKey key(int j) {
    return keys.get(j - 1);
  }

  /** The text form (parses back to an equal roster). */
  public String toText() {
    StringBuilder b = new StringBuilder();
    keys.forEach(k -> b.append(k.spki().base64()).append('\n'));
    return b.toString();
  }

  /** The SHA-256 of the text form: what holders can compare. */
  public Bytes digest() {
    return Digests.sha256(toText().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * What holder {@code index} signs to post {@code body} in {@code round} of run {@code run}:
   * "dooor dkg post v1\0" || u8 len || run (ASCII) || u8 round || u16 index || SHA-256(body).
   */
  public static byte[] signedMessage(String run, int round, int index, Bytes body) {
    if (!RUN.matcher(run).matches()) {
      throw new IllegalArgumentException("run id must match " + RUN.pattern());
    }
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(DOMAIN);
    m.write(run.length());
    m.writeBytes(run.getBytes(StandardCharsets.US_ASCII));
    m.write(round);
    m.write(index >>> 8);
    m.write(index & 0xff);
    m.writeBytes(Digests.sha256(body.toArray()).toArray());
    return m.toByteArray();
  }

  /**
   * Whether {@code signature} is holder {@code index}'s over {@code body} in that round and run.
   */
  public boolean signedBy(int index, String run, int round, Bytes body, Bytes signature) {
    return index >= 1
        && index <= keys.size()
        && signature.length() == Ed25519PublicKey.SIGNATURE_LENGTH
        && key(index).isValid(signedMessage(run, round, index, body), signature.toArray());
  }

  @Override
  public String toString() {
    return "DkgIdentities[n=" + keys.size() + ", " + digest().hex() + "]";
  }
}
