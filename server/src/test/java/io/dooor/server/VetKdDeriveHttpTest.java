package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.Event;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/vetkd/derive over real HTTP with signed requests, against the embedded threshold key
 * service: allowed derivations decrypt and verify on the client, refusals are 403 with a named
 * check, malformed fields are 400 naming the field, and every request is recorded with its context
 * and input digest but no key material.
 */
class VetKdDeriveHttpTest extends SimPlaneHttpFixture {
  static final String NODE_KEY = "dooor/node-key";

  /** Registers and attests a sim node; returns its client. */
  ApiClient activeNode(Identity node, String id) throws Exception {
    ApiClient c = new ApiClient(url, node);
    Dto.Registered reg =
        c.post(
            "/v1/nodes",
            new Dto.RegisterNode(
                id, "w", "sim", node.publicKeySpki().base64(), sim(node, new byte[32]).base64()),
            Dto.Registered.class);
    Bytes evidence = sim(node, Bytes.fromBase64(reg.challenge().nonce()).toArray());
    c.post(
        "/v1/nodes/" + id + "/attestation", new Dto.Attest(evidence.base64()), Dto.NodeView.class);
    return c;
  }

  static String body(String context, Bytes input, TransportPublicKey tpk) {
    return "{\"context\":\""
        + context
        + "\",\"input\":\""
        + input.hex()
        + "\",\"transport_public_key\":\""
        + tpk.toBytes().hex()
        + "\"}";
  }

  static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<byte[]> derive(ApiClient who, String json) throws Exception {
    return who.raw("POST", "/v1/vetkd/derive", json.getBytes(StandardCharsets.UTF_8));
  }

  long okEvents() {
    return d.plane().store().events(0, events()).stream()
        .filter(e -> e.outcome() == Event.Outcome.OK)
        .count();
  }

  /** Decrypts and verifies the reply as an ICP vetKeys client would. */
  static VetKey open(Dto.VetKdDerived r, TransportSecretKey tsk, Bytes input)
      throws VetKdException {
    assertThat(r.keyId()).isEqualTo(new Dto.KeyId("bls12_381_g2", "dooor_key"));
    Bytes encrypted = Bytes.fromHex(r.encryptedKeyHex());
    assertThat(encrypted.length()).isEqualTo(EncryptedVetKey.BYTES);
    assertThat(Bytes.fromBase64(r.encryptedKeyBase64())).isEqualTo(encrypted);
    assertThat(Bytes.fromBase64(r.derivedPublicKeyBase64()).hex())
        .isEqualTo(r.derivedPublicKeyHex());
    DerivedPublicKey dpk = DerivedPublicKey.parse(Bytes.fromHex(r.derivedPublicKeyHex()));
    return EncryptedVetKey.parse(encrypted).decryptAndVerify(tsk, dpk, input);
  }

  @Test
  void activeNodeDerivesItsNodeKeyAndVerifiesItLocally() throws Exception {
    Identity nodeKey = Identity.generate();
    ApiClient node = activeNode(nodeKey, "n1");
    TransportSecretKey tsk = TransportSecretKey.generate();
    long okBefore = okEvents();
    HttpResponse<byte[]> res = derive(node, body(NODE_KEY, utf8("n1"), tsk.publicKey()));
    assertThat(res.statusCode()).as(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Dto.VetKdDerived r = Json.MAPPER.readValue(res.body(), Dto.VetKdDerived.class);
    assertThat(r.rule()).isEqualTo("node-key");
    VetKey vetKey = open(r, tsk, utf8("n1"));

    Dto.VetKdPublicKey pk =
        node.get("/v1/vetkd/public-key?context=dooor/node-key", Dto.VetKdPublicKey.class);
    assertThat(pk.publicKeyHex()).isEqualTo(r.derivedPublicKeyHex());
    assertThat(pk.canisterId()).isEqualTo(r.canisterId());

    // the same key as derive_node_key gives, under another transport key
    TransportSecretKey tsk2 = TransportSecretKey.generate();
    Dto.DerivedKeyView viaNode =
        node.post(
            "/v1/nodes/n1/keys",
            new Dto.DeriveKey(NODE_KEY, tsk2.publicKey().toBytes().base64()),
            Dto.DerivedKeyView.class);
    VetKey again =
        EncryptedVetKey.parse(Bytes.fromBase64(viaNode.encryptedKey()))
            .decryptAndVerify(
                tsk2,
                DerivedPublicKey.parse(Bytes.fromBase64(viaNode.derivedPublicKey())),
                utf8("n1"));
    assertThat(again).isEqualTo(vetKey);

    assertThat(okEvents()).isEqualTo(okBefore + 2);

    // derive_node_key refuses the identity ("unencrypted") transport key too, and records it
    String unencrypted = Bytes.fromHex("c0" + "00".repeat(47)).base64();
    HttpResponse<byte[]> clear =
        node.raw("POST", "/v1/nodes/n1/keys", Json.write(new Dto.DeriveKey(NODE_KEY, unencrypted)));
    assertThat(clear.statusCode()).isEqualTo(400);
    assertThat(new String(clear.body(), StandardCharsets.UTF_8)).contains("in the clear");
    assertThat(lastEvent().outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(lastEvent().details())
        .containsEntry("context", NODE_KEY)
        .containsEntry("node", "n1")
        .containsEntry("field", "transport_public_key");
    assertThat(okEvents()).isEqualTo(okBefore + 2);
    Event e =
        d.plane().store().events(0, events()).stream()
            .filter(x -> x.subject().equals("vetkd:" + NODE_KEY))
            .filter(x -> x.outcome() == Event.Outcome.OK)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(e.outcome()).isEqualTo(Event.Outcome.OK);
    assertThat(e.action()).isEqualTo("key.derive");
    assertThat(e.actor()).isEqualTo(nodeKey.principal());
    assertThat(e.details())
        .containsEntry("context", NODE_KEY)
        .containsEntry("input_sha256", Digests.sha256Hex(utf8("n1")))
        .containsEntry("rule", "node-key");
    // embedded holders are asked t at a time: t combined, none excluded
    assertThat(e.details().get("holders_combined").split(",")).hasSize(3);
    assertThat(e.details()).containsEntry("holders_excluded", "");
    assertNoKeyMaterial(e, vetKey, r);
  }

  @Test
  void roleHolderDerivesTheKeyOfItsOwnPrincipalOutsideDooor() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes me = Bytes.of(controller.principal().toBytes());
    HttpResponse<byte[]> res = derive(admin, body("app/notes", me, tsk.publicKey()));
    assertThat(res.statusCode()).isEqualTo(200);
    Dto.VetKdDerived r = Json.MAPPER.readValue(res.body(), Dto.VetKdDerived.class);
    assertThat(r.rule()).isEqualTo("own-principal");
    VetKey k = open(r, tsk, me);
    assertThat(lastEvent().actor()).isEqualTo(controller.principal());
    assertThat(lastEvent().details()).containsEntry("input_sha256", Digests.sha256Hex(me));
    assertNoKeyMaterial(lastEvent(), k, r);
    String api =
        admin.get("/v1/openapi.json", com.fasterxml.jackson.databind.JsonNode.class).toString();
    assertThat(api).contains("/v1/vetkd/derive", "own-principal", "derive.node_not_active");
  }

  @Test
  void controllersSeeTheEmbeddedHoldersAndTheirLastVerdicts() throws Exception {
    Bytes me = Bytes.of(controller.principal().toBytes());
    TransportSecretKey tsk = TransportSecretKey.generate();
    assertThat(derive(admin, body("app/h", me, tsk.publicKey())).statusCode()).isEqualTo(200);
    Dto.VetKdHolders h = admin.get("/v1/vetkd/holders", Dto.VetKdHolders.class);
    assertThat(h.mode()).isEqualTo("embedded");
    assertThat(h.keyShareHolders()).hasSize(h.holders());
    assertThat(h.keyShareHolders()).allSatisfy(v -> assertThat(v.url()).isNull());
    // in-process holders are asked t at a time: exactly t were judged, all valid
    assertThat(h.keyShareHolders().stream().filter(v -> v.lastOutcome() != null))
        .hasSize(h.threshold())
        .allSatisfy(
            v -> {
              assertThat(v.lastOutcome()).isEqualTo("VALID");
              assertThat(v.valid()).isEqualTo(1);
              assertThat(v.lastFaultOutcome()).isNull();
            });
    ApiClient stranger = new ApiClient(url, Identity.generate());
    assertThatThrownBy(() -> stranger.get("/v1/vetkd/holders", Dto.VetKdHolders.class))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
    String api =
        admin.get("/v1/openapi.json", com.fasterxml.jackson.databind.JsonNode.class).toString();
    assertThat(api).contains("/v1/vetkd/holders", "vetkd.holder_fault", "HolderView");
  }

  @Test
  void refusedCallersGet403WithANamedCheckAndAreRecorded() throws Exception {
    Identity n1 = Identity.generate();
    ApiClient node1 = activeNode(n1, "n1");
    activeNode(Identity.generate(), "n2");
    Identity auditor = Identity.generate();
    d.plane().grant(TestPlane.caller(controller), auditor.principal(), io.dooor.core.Role.AUDITOR);
    ApiClient stranger = new ApiClient(url, Identity.generate());
    TransportPublicKey tpk = TransportSecretKey.generate().publicKey();
    Bytes n1Principal = Bytes.of(n1.principal().toBytes());
    record Case(ApiClient who, String context, Bytes input, String check) {}
    List<Case> cases =
        List.of(
            new Case(admin, NODE_KEY, utf8("n1"), "derive.not_node_identity"),
            new Case(node1, NODE_KEY, utf8("n2"), "derive.not_node_identity"),
            new Case(node1, NODE_KEY, utf8("nope"), "derive.not_node_identity"),
            new Case(node1, NODE_KEY, utf8("N 1"), "derive.not_node_identity"),
            new Case(node1, "dooor/backup", utf8("n1"), "derive.reserved_context"),
            new Case(admin, "dooor/anything", utf8("x"), "derive.reserved_context"),
            new Case(node1, "app/notes", n1Principal, "derive.no_role"),
            new Case(stranger, "app/notes", utf8("x"), "derive.input_not_caller"),
            new Case(admin, "app/notes", n1Principal, "derive.input_not_caller"),
            new Case(
                new ApiClient(url, auditor),
                "app/notes",
                Bytes.of(controller.principal().toBytes()),
                "derive.input_not_caller"));
    for (Case c : cases) {
      long before = events();
      long ok = okEvents();
      HttpResponse<byte[]> res = derive(c.who(), body(c.context(), c.input(), tpk));
      Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
      assertThat(res.statusCode()).as(c.toString()).isEqualTo(403);
      assertThat(p.code()).isEqualTo("forbidden");
      assertThat(p.failedChecks()).as(c.toString()).containsExactly(c.check());
      assertThat(events()).as("one refusal recorded").isEqualTo(before + 1);
      assertThat(okEvents()).isEqualTo(ok);
      Event e = lastEvent();
      assertThat(e.outcome()).isEqualTo(Event.Outcome.REFUSED);
      assertThat(e.action()).isEqualTo("key.derive");
      assertThat(e.reason()).startsWith("forbidden: ");
      assertThat(e.details())
          .containsEntry("context", c.context())
          .containsEntry("input_sha256", Digests.sha256Hex(c.input()))
          .containsEntry("failed_checks", c.check());
    }
  }

  @Test
  void aNodeThatIsNoLongerActiveIsRefused() throws Exception {
    ApiClient node = activeNode(Identity.generate(), "n1");
    admin.post("/v1/nodes/n1/deactivate", new Dto.Deactivate("retired"), Dto.NodeView.class);
    HttpResponse<byte[]> res =
        derive(node, body(NODE_KEY, utf8("n1"), TransportSecretKey.generate().publicKey()));
    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(Json.MAPPER.readValue(res.body(), Dto.Problem.class).failedChecks())
        .containsExactly("derive.node_not_active");
    assertThat(lastEvent().reason()).contains("DEACTIVATED");
  }

  @Test
  void badInputIs400NamingTheFieldAndRecordsNoChange() throws Exception {
    String tpk = TransportSecretKey.generate().publicKey().toBytes().hex();
    String in = utf8("n1").hex();
    record Case(String body, String field) {}
    List<Case> cases =
        List.of(
            new Case("{not json", null),
            new Case(
                "{\"context\":\"c\",\"input\":\"00\",\"transport_public_key\":\""
                    + tpk
                    + "\",\"x\":1}",
                "x"),
            new Case(json(null, in, tpk), "context"),
            new Case(json("", in, tpk), "context"),
            new Case(json(NODE_KEY, "zz", tpk), "input"),
            new Case(json(NODE_KEY, "abc", tpk), "input"),
            new Case(json(NODE_KEY, null, tpk), "input"),
            new Case(json(NODE_KEY, in, null), "transport_public_key"),
            new Case(json(NODE_KEY, in, "xyz"), "transport_public_key"),
            new Case(json(NODE_KEY, in, tpk.substring(2)), "transport_public_key"),
            new Case(json(NODE_KEY, in, tpk + "00"), "transport_public_key"),
            new Case(json(NODE_KEY, in, offCurve().hex()), "transport_public_key"),
            new Case(json(NODE_KEY, in, outsideSubgroup().hex()), "transport_public_key"),
            new Case(json(NODE_KEY, in, "c0" + "00".repeat(47)), "transport_public_key"),
            new Case(json("x".repeat(256), in, tpk), "context"));
    int n = 0;
    for (Case c : cases) {
      // a node holds no role: beyond a few refusals per window its refusals are counted, not
      // recorded one by one (NoRoleFloodHttpTest); one node per case keeps each one recorded
      ApiClient node = activeNode(Identity.generate(), "n" + ++n);
      long before = events();
      long ok = okEvents();
      HttpResponse<byte[]> res = derive(node, c.body());
      String text = new String(res.body(), StandardCharsets.UTF_8);
      assertThat(res.statusCode()).as(c.body() + " -> " + text).isEqualTo(400);
      Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
      assertThat(p.code()).isEqualTo("invalid-argument");
      assertThat(p.field()).as(c.body()).isEqualTo(c.field());
      if (c.field() != null) {
        assertThat(p.detail()).contains(c.field());
      }
      assertThat(events()).as("exactly one refusal for " + c.body()).isEqualTo(before + 1);
      assertThat(okEvents()).as("no change for " + c.body()).isEqualTo(ok);
      assertThat(lastEvent().outcome()).isEqualTo(Event.Outcome.REFUSED);
      assertThat(lastEvent().action()).isEqualTo("key.derive");
      if ("transport_public_key".equals(c.field())) {
        assertThat(lastEvent().details())
            .containsEntry("context", NODE_KEY)
            .containsEntry("input_sha256", Digests.sha256Hex(utf8("n1")))
            .containsEntry("field", "transport_public_key");
      }
    }
  }

  static String json(String context, String input, String tpk) {
    return "{"
        + field("context", context)
        + ","
        + field("input", input)
        + ","
        + field("transport_public_key", tpk)
        + "}";
  }

  static String field(String name, String value) {
    return "\"" + name + "\":" + (value == null ? "null" : "\"" + value + "\"");
  }

  /** A compressed G1 encoding whose x has no point on the curve. */
  static Bytes offCurve() {
    return firstRefused(VetKdException.Reason.POINT_NOT_ON_CURVE);
  }

  /** A compressed G1 encoding of a curve point outside the prime-order subgroup. */
  static Bytes outsideSubgroup() {
    return firstRefused(VetKdException.Reason.POINT_NOT_IN_SUBGROUP);
  }

  static Bytes firstRefused(VetKdException.Reason reason) {
    for (int x = 1; x < 1000; x++) {
      byte[] b = new byte[48];
      b[0] = (byte) 0x80;
      b[46] = (byte) (x >> 8);
      b[47] = (byte) x;
      try {
        TransportPublicKey.parse(Bytes.of(b));
      } catch (VetKdException e) {
        if (e.reason() == reason) {
          return Bytes.of(b);
        }
      }
    }
    throw new AssertionError("no small x gives " + reason);
  }

  static void assertNoKeyMaterial(Event e, VetKey vetKey, Dto.VetKdDerived r) {
    String recorded = e.details().toString() + e.reason() + e.subject();
    assertThat(recorded)
        .doesNotContain(Bytes.of(vetKey.toBytes().toArray()).hex())
        .doesNotContain(r.encryptedKeyHex().substring(0, 32))
        .doesNotContain(r.encryptedKeyBase64().substring(0, 32));
  }
}
