package io.dooor.attestation.dcap;

import io.dooor.attestation.dcap.internal.DerReader;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the SGX extensions of a PCK certificate (Intel SGX PCK Certificate and CRL Profile
 * §1.3.5): a SEQUENCE of (OID, value) pairs under 1.2.840.113741.1.13.1. Every required item must
 * be present exactly once, with its exact length; failures are MALFORMED "pck_extensions".
 */
public final class PckExtensionsParser {
  public static final String SGX_EXTENSIONS_OID = "1.2.840.113741.1.13.1";
  private static final String CHECK = "pck_extensions";

  private PckExtensionsParser() {}

  /** Parses the extension's DER value (the contents of its extnValue OCTET STRING). */
  public static PckExtensions parse(byte[] der) throws DcapException {
    DerReader top = new DerReader(der, CHECK);
    DerReader items = top.children(top.next(DerReader.SEQUENCE, "SGX extensions"));
    if (top.hasNext()) {
      throw top.bad("trailing bytes after the SGX extensions");
    }
    Map<String, DerReader.Tlv> byOid = pairs(items);
    byte[] tcb = value(items, byOid, ".2", DerReader.SEQUENCE);
    Map<String, DerReader.Tlv> tcbItems = pairs(items.children(tcb));
    List<Integer> svns = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      svns.add(items.smallInt(value(items, tcbItems, ".2." + i, DerReader.INTEGER), "comp SVN"));
    }
    int pceSvn = items.smallInt(value(items, tcbItems, ".2.17", DerReader.INTEGER), "PCESVN");
    try {
      return new PckExtensions(
          Bytes.of(value(items, byOid, ".1", DerReader.OCTET_STRING)),
          svns,
          pceSvn,
          Bytes.of(value(items, tcbItems, ".2.18", DerReader.OCTET_STRING)),
          Bytes.of(value(items, byOid, ".3", DerReader.OCTET_STRING)),
          Bytes.of(value(items, byOid, ".4", DerReader.OCTET_STRING)),
          items.smallInt(value(items, byOid, ".5", DerReader.ENUMERATED), "SGX type"));
    } catch (IllegalArgumentException e) {
      throw items.bad(e.getMessage());
    }
  }

  /** Reads SEQUENCE { OID, value } pairs, refusing duplicates. */
  private static Map<String, DerReader.Tlv> pairs(DerReader r) throws DcapException {
    Map<String, DerReader.Tlv> out = new HashMap<>();
    while (r.hasNext()) {
      DerReader pair = r.children(r.next(DerReader.SEQUENCE, "extension item"));
      String oid = pair.oid(pair.next(DerReader.OID, "item OID"));
      DerReader.Tlv v = pair.next();
      if (pair.hasNext() || out.put(oid, v) != null) {
        throw r.bad("malformed or duplicate item " + oid);
      }
    }
    return out;
  }

  private static byte[] value(DerReader r, Map<String, DerReader.Tlv> m, String suffix, int tag)
      throws DcapException {
    DerReader.Tlv t = m.get(SGX_EXTENSIONS_OID + suffix);
    if (t == null || t.tag() != tag) {
      throw r.bad("missing or mistyped item " + SGX_EXTENSIONS_OID + suffix);
    }
    return Arrays.copyOf(t.value(), t.value().length);
  }
}
