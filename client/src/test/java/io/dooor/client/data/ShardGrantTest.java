package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.KeyType;
import io.dooor.client.data.ShardGrant.Op;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShardGrantTest {
  static final Identity CONTROL_PLANE = Identity.generate();
  static final Identity CALLER = Identity.generate();
  static final BlobId BLOB = BlobId.parse("00112233445566778899aabbccddeeff");
  static final NodeId NODE = NodeId.of("node-2");
  static final ShardRef SHARD = new ShardRef(2, Digests.sha256(new byte[] {2}), NODE);
  static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");

  static ShardGrant grant(Op op) {
    return ShardGrant.sign(CONTROL_PLANE, op, BLOB, SHARD, CALLER.principal(), NOW.plusSeconds(60));
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void signedGrantRoundTripsAndVerifies(KeyType type) throws Exception {
    Identity signer = Identity.generate(type);
    ShardGrant g =
        ShardGrant.sign(signer, Op.GET, BLOB, SHARD, CALLER.principal(), NOW.plusSeconds(60));
    ShardGrant parsed = ShardGrant.parse(g.text());
    assertThat(parsed).isEqualTo(g);
    assertThat(parsed.text()).isEqualTo(g.text());
    assertThat(parsed.verify(signer.publicKey(), NOW, Op.GET, NODE, CALLER.principal()))
        .isEqualTo(g);
  }

  @Test
  void statementStartsWithTheDomainPrefixAndHasTheDocumentedLayout() {
    byte[] s = grant(Op.PUT).statement().toArray();
    byte[] prefix = "dooor/shard-grant/v1".getBytes(StandardCharsets.US_ASCII);
    assertThat(java.util.Arrays.copyOf(s, 20)).isEqualTo(prefix);
    assertThat(s[20]).isEqualTo((byte) 1);
    assertThat(Bytes.of(java.util.Arrays.copyOfRange(s, 21, 37))).isEqualTo(BLOB.value());
    assertThat(s[37]).isEqualTo((byte) 2);
    int principal = CALLER.principal().toBytes().length;
    assertThat(s).hasSize(20 + 1 + 16 + 1 + 32 + 1 + 6 + 1 + principal + 8);
    assertThat(grant(Op.GET).statement().toArray()[20]).isEqualTo((byte) 2);
  }

  @Test
  void anotherKeyIsRefused() throws Exception {
    ShardGrant g = grant(Op.GET);
    assertRefused(
        g, Identity.generate(), NOW, Op.GET, NODE, CALLER.principal(), "signature does not verify");
  }

  @Test
  void expiryIsExclusive() throws Exception {
    ShardGrant g = grant(Op.GET);
    g.verify(CONTROL_PLANE.publicKey(), NOW.plusSeconds(59), Op.GET, NODE, CALLER.principal());
    assertRefused(
        g, CONTROL_PLANE, NOW.plusSeconds(60), Op.GET, NODE, CALLER.principal(), "expired");
  }

  @Test
  void wrongOpNodeOrSignerIsRefused() {
    ShardGrant g = grant(Op.GET);
    assertRefused(g, CONTROL_PLANE, NOW, Op.PUT, NODE, CALLER.principal(), "grants GET, not PUT");
    assertRefused(
        g, CONTROL_PLANE, NOW, Op.GET, NodeId.of("node-3"), CALLER.principal(), "node node-2");
    assertRefused(
        g,
        CONTROL_PLANE,
        NOW,
        Op.GET,
        NODE,
        Identity.generate().principal(),
        "is granted to " + CALLER.principal().toText());
  }

  @Test
  void aChangedFieldBreaksTheSignature() throws Exception {
    ShardGrant g = grant(Op.GET);
    ShardGrant longer =
        new ShardGrant(g.op(), g.blob(), g.shard(), g.grantee(), g.expiresAt() + 1, g.signature());
    ShardGrant other =
        new ShardGrant(
            g.op(),
            g.blob(),
            new ShardRef(3, SHARD.sha256(), NODE),
            g.grantee(),
            g.expiresAt(),
            g.signature());
    for (ShardGrant changed : new ShardGrant[] {longer, other}) {
      ShardGrant reparsed = ShardGrant.parse(changed.text());
      assertRefused(
          reparsed, CONTROL_PLANE, NOW, Op.GET, NODE, CALLER.principal(), "does not verify");
    }
  }

  @Test
  void nonCanonicalTextIsRefused() {
    String text = grant(Op.PUT).text();
    assertMalformed(text + "=", "base64url");
    assertMalformed(text + "A", "");
    assertMalformed(text.replace('-', '+').replace('_', '/') + "+", "base64url");
    assertMalformed("", "prefix");
    assertMalformed("A".repeat(513), "longer than 512");
    byte[] raw = Base64.getUrlDecoder().decode(text);
    assertMalformed(Base64.getUrlEncoder().encodeToString(raw) + "==", "base64url");
  }

  @Test
  void truncatedOrExtendedBytesAreRefusedNamingTheField() {
    byte[] raw = Base64.getUrlDecoder().decode(grant(Op.PUT).text());
    assertMalformed(url(java.util.Arrays.copyOf(raw, 30)), "blob id");
    assertMalformed(url(java.util.Arrays.copyOf(raw, raw.length + 1)), "1 bytes after the end");
    raw[20] = 3;
    assertMalformed(url(raw), "op 3");
  }

  private static String url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void assertMalformed(String text, String detail) {
    assertThatThrownBy(() -> ShardGrant.parse(text))
        .isInstanceOfSatisfying(
            DataException.class,
            e -> assertThat(e.reason()).isEqualTo(DataException.Reason.MALFORMED_GRANT))
        .hasMessageContaining(detail);
  }

  private static void assertRefused(
      ShardGrant g, Identity key, Instant now, Op op, NodeId node, Principal signer, String why) {
    assertThatThrownBy(() -> g.verify(key.publicKey(), now, op, node, signer))
        .isInstanceOfSatisfying(
            DataException.class,
            e -> assertThat(e.reason()).isEqualTo(DataException.Reason.GRANT_REFUSED))
        .hasMessageContaining(why);
  }
}
