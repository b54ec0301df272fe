package io.dooor.attestation.intel;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.attestation.intel.internal.Json;
import io.dooor.attestation.intel.internal.SignedJson;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses Intel collateral JSON: TCB info v3 and QE identity v2 bodies (Intel PCS API v4), PCS
 * responses ({"tcbInfo": {...}, "signature": "hex"}, whose signature covers the exact bytes of the
 * inner object), and offline bundles in the QuoteCollateralV3 shape used by dcap-qvl. Every failure
 * is a MALFORMED {@link CollateralException}; nothing else escapes.
 */
public final class CollateralJsonParser {
  private static final int MAX_LEVELS = 256;

  private CollateralJsonParser() {}

  /** A TCB info v3 body ("tcbInfo" object). */
  public static TcbInfo parseTcbInfo(Bytes body) throws CollateralException {
    JsonNode o = Json.object(body.toArray(), "TCB info");
    int version = Json.integer(o, "version", 3, 3);
    String id = Json.text(o, "id");
    List<TcbLevel> levels = new ArrayList<>();
    for (JsonNode l : Json.array(o, "tcbLevels", MAX_LEVELS)) {
      levels.add(tcbLevel(l, id.equals("TDX")));
    }
    List<TdxModuleIdentity> identities = new ArrayList<>();
    if (Json.has(o, "tdxModuleIdentities")) {
      for (JsonNode m : Json.array(o, "tdxModuleIdentities", MAX_LEVELS)) {
        identities.add(module(m, Json.text(m, "id"), isvLevels(m)));
      }
    }
    Optional<TdxModuleIdentity> module = Optional.empty();
    if (Json.has(o, "tdxModule")) {
      module = Optional.of(module(Json.obj(o, "tdxModule"), "tdxModule", List.of()));
    }
    try {
      return new TcbInfo(
          id,
          version,
          Json.instant(o, "issueDate"),
          Json.instant(o, "nextUpdate"),
          Json.hex(o, "fmspc", 6),
          Json.hex(o, "pceId", 2),
          Json.integer(o, "tcbType", 0, 255),
          Json.integer(o, "tcbEvaluationDataNumber", 0, Integer.MAX_VALUE),
          module,
          identities,
          levels);
    } catch (IllegalArgumentException e) {
      throw Json.bad("TCB info: " + e.getMessage());
    }
  }

  private static TcbLevel tcbLevel(JsonNode l, boolean tdx) throws CollateralException {
    JsonNode tcb = Json.obj(l, "tcb");
    List<Integer> sgx = components(tcb, "sgxtcbcomponents");
    List<Integer> tdxc = tdx ? components(tcb, "tdxtcbcomponents") : List.of();
    return new TcbLevel(
        sgx,
        Json.integer(tcb, "pcesvn", 0, 0xffff),
        tdxc,
        Json.instant(l, "tcbDate"),
        status(l),
        Json.strings(l, "advisoryIDs"));
  }

  private static List<Integer> components(JsonNode tcb, String name) throws CollateralException {
    List<JsonNode> items = Json.array(tcb, name, 16);
    if (items.size() != 16) {
      throw Json.bad("'" + name + "' must have 16 entries, has " + items.size());
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode c : items) {
      out.add(Json.integer(c, "svn", 0, 255));
    }
    return out;
  }

  private static TcbStatus status(JsonNode l) throws CollateralException {
    String s = Json.text(l, "tcbStatus");
    return TcbStatus.parse(s).orElseThrow(() -> Json.bad("unknown tcbStatus '" + s + "'"));
  }

  private static List<IsvTcbLevel> isvLevels(JsonNode o) throws CollateralException {
    List<IsvTcbLevel> out = new ArrayList<>();
    for (JsonNode l : Json.array(o, "tcbLevels", MAX_LEVELS)) {
      int svn = Json.integer(Json.obj(l, "tcb"), "isvsvn", 0, 0xffff);
      out.add(
          new IsvTcbLevel(
              svn, Json.instant(l, "tcbDate"), status(l), Json.strings(l, "advisoryIDs")));
    }
    return out;
  }

  private static TdxModuleIdentity module(JsonNode m, String id, List<IsvTcbLevel> levels)
      throws CollateralException {
    return new TdxModuleIdentity(
        id,
        Json.hex(m, "mrsigner", 48),
        Json.hex(m, "attributes", 8),
        Json.hex(m, "attributesMask", 8),
        levels);
  }

  /** A QE identity v2 body ("enclaveIdentity" object). */
  public static QeIdentity parseQeIdentity(Bytes body) throws CollateralException {
    JsonNode o = Json.object(body.toArray(), "QE identity");
    String id = Json.text(o, "id");
    if (!id.equals("QE") && !id.equals("TD_QE")) {
      throw Json.bad("QE identity id must be QE or TD_QE, got '" + id + "'");
    }
    try {
      return new QeIdentity(
          id,
          Json.integer(o, "version", 2, 2),
          Json.instant(o, "issueDate"),
          Json.instant(o, "nextUpdate"),
          Json.integer(o, "tcbEvaluationDataNumber", 0, Integer.MAX_VALUE),
          Json.hex(o, "miscselect", 4),
          Json.hex(o, "miscselectMask", 4),
          Json.hex(o, "attributes", 16),
          Json.hex(o, "attributesMask", 16),
          Json.hex(o, "mrsigner", 32),
          Json.integer(o, "isvprodid", 0, 0xffff),
          isvLevels(o));
    } catch (IllegalArgumentException e) {
      throw Json.bad("QE identity: " + e.getMessage());
    }
  }

  /**
   * Splits a PCS response {"<field>": {...}, "signature": "hex"} into the exact bytes of the inner
   * object (what Intel signed) and the 64-byte raw signature.
   */
  public static SignedBody splitSigned(Bytes response, String field) throws CollateralException {
    return SignedJson.split(response.toArray(), field);
  }

  /** An offline bundle in the QuoteCollateralV3 JSON shape (dcap-qvl, also our own bundles). */
  public static IntelCollateral parseBundle(Bytes json) throws CollateralException {
    JsonNode o = Json.object(json.toArray(), "collateral bundle");
    return new IntelCollateral(
        utf8(Json.text(o, "pck_crl_issuer_chain")),
        Json.hex(o, "root_ca_crl", -1),
        Json.hex(o, "pck_crl", -1),
        utf8(Json.text(o, "tcb_info_issuer_chain")),
        utf8(Json.text(o, "tcb_info")),
        Json.hex(o, "tcb_info_signature", 64),
        utf8(Json.text(o, "qe_identity_issuer_chain")),
        utf8(Json.text(o, "qe_identity")),
        Json.hex(o, "qe_identity_signature", 64));
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
