package io.dooor.attestation.dcap;

import io.dooor.common.Bytes;
import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.DerReader;
import java.util.ArrayList;
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
    try {
      DerReader top = DerReader.of(der);
      DerReader items = top.sequence("SGX extensions");
      top.expectEnd("SGX extensions");
      Map<String, DerReader.Element> byOid = pairs(items);
      Map<String, DerReader.Element> tcb = pairs(value(byOid, ".2", DerReader.SEQUENCE));
      List<Integer> svns = new ArrayList<>();
      for (int i = 1; i <= 16; i++) {
        svns.add(smallInt(value(tcb, ".2." + i, DerReader.INTEGER), "comp SVN"));
      }
      return new PckExtensions(
          octets(byOid, ".1"),
          svns,
          smallInt(value(tcb, ".2.17", DerReader.INTEGER), "PCESVN"),
          octets(tcb, ".2.18"),
          octets(byOid, ".3"),
          octets(byOid, ".4"),
          smallInt(value(byOid, ".5", DerReader.ENUMERATED), "SGX type"));
    } catch (DerException | IllegalArgumentException e) {
      throw new DcapException(DcapException.Reason.MALFORMED, CHECK, e.getMessage());
    }
  }

  /** Reads SEQUENCE { OID, value } pairs, refusing duplicates. */
  private static Map<String, DerReader.Element> pairs(DerReader r) throws DerException {
    Map<String, DerReader.Element> out = new HashMap<>();
    while (r.hasMore()) {
      DerReader pair = r.sequence("extension item");
      String oid = DerReader.dotted(pair.oid("item OID"));
      DerReader.Element v = pair.next("item " + oid);
      pair.expectEnd("item " + oid);
      if (out.put(oid, v) != null) {
        throw new DerException("duplicate item " + oid);
      }
    }
    return out;
  }

  private static DerReader value(Map<String, DerReader.Element> m, String suffix, int tag)
      throws DerException {
    DerReader.Element e = m.get(SGX_EXTENSIONS_OID + suffix);
    if (e == null || e.tag() != tag) {
      throw new DerException("missing or mistyped item " + SGX_EXTENSIONS_OID + suffix);
    }
    return e.contents();
  }

  private static Bytes octets(Map<String, DerReader.Element> m, String suffix) throws DerException {
    return Bytes.of(value(m, suffix, DerReader.OCTET_STRING).rest());
  }

  private static int smallInt(DerReader contents, String what) throws DerException {
    return DerReader.nonNegative(contents.rest(), what, 4).intValueExact();
  }
}
