package io.dooor.attestation.intel;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.attestation.intel.internal.Json;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Collateral from files: QuoteCollateralV3 JSON bundles (the shape dcap-qvl and our CLI use:
 * tcb_info, qe_identity, their signatures and issuer chains, pck_crl, root_ca_crl, hex/PEM), found
 * by FMSPC and TEE kind. For air-gapped verification and tests; nothing is fetched.
 */
public final class OfflineCollateralBundle implements CollateralSource {
  private final Map<String, IntelCollateral> byKey;

  private final String version;

  private OfflineCollateralBundle(Map<String, IntelCollateral> byKey) {
    this.byKey = Map.copyOf(byKey);
    java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
    byKey.forEach((k, c) -> sorted.put(k, c.digest().hex()));
    this.version =
        "offline:"
            + IntelCollateral.sha256(
                io.dooor.common.Bytes.of(
                    sorted.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * Fixed while this process runs; another bundle (a restart with new files) has another version.
   */
  @Override
  public String version() {
    return version;
  }

  /**
   * Loads bundle files, and from folders every *.json file whose name contains "collateral".
   *
   * @throws CollateralException MALFORMED for an unreadable or invalid bundle
   */
  public static OfflineCollateralBundle load(List<Path> paths) throws CollateralException {
    Map<String, IntelCollateral> m = new HashMap<>();
    for (Path p : paths) {
      for (Path f : files(p)) {
        IntelCollateral c = read(f);
        m.put(key(c), c);
      }
    }
    return new OfflineCollateralBundle(m);
  }

  /** A bundle of collateral already in memory. */
  public static OfflineCollateralBundle of(List<IntelCollateral> items) throws CollateralException {
    Map<String, IntelCollateral> m = new HashMap<>();
    for (IntelCollateral c : items) {
      m.put(key(c), c);
    }
    return new OfflineCollateralBundle(m);
  }

  private static List<Path> files(Path p) throws CollateralException {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(
              f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".json") && n.contains("collateral");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new CollateralException(CollateralException.Reason.NOT_FOUND, "cannot list " + p);
    }
  }

  private static IntelCollateral read(Path f) throws CollateralException {
    try {
      return CollateralJsonParser.parseBundle(Bytes.of(Files.readAllBytes(f)));
    } catch (IOException e) {
      throw new CollateralException(CollateralException.Reason.NOT_FOUND, "cannot read " + f);
    }
  }

  /** Index key: kind and FMSPC as the (unverified) TCB info states them. */
  private static String key(IntelCollateral c) throws CollateralException {
    JsonNode o = Json.object(c.tcbInfoBody().toArray(), "TCB info");
    String id = Json.text(o, "id");
    return key(id.equals("TDX"), Json.hex(o, "fmspc", 6));
  }

  private static String key(boolean tdx, Bytes fmspc) {
    return (tdx ? "tdx/" : "sgx/") + fmspc.hex();
  }

  @Override
  public IntelCollateral collateral(CollateralRequest request) throws CollateralException {
    IntelCollateral c = byKey.get(key(request.tdx(), request.fmspc()));
    if (c == null) {
      throw new CollateralException(
          CollateralException.Reason.NOT_FOUND,
          "no offline collateral for " + key(request.tdx(), request.fmspc()));
    }
    return c;
  }
}
