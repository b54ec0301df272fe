package io.dooor.attestation.pki;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The vendor roots available to verifiers, loaded from a trust folder and checked against the
 * fingerprints pinned in {@link VendorRoot}. Security: a certificate is an anchor only if its DER
 * SHA-256 equals a pinned fingerprint; a self-signed certificate in the folder whose subject names
 * a vendor root but whose fingerprint differs fails loading ({@link Reason#FINGERPRINT_MISMATCH}).
 * Non-self-signed certificates in the folder (AMD ASK/ASVK, ...) are kept as {@link
 * #intermediates()}: they are never trusted by themselves, only offered for chain building, and
 * still verified up to an anchor.
 */
public final class TrustAnchors {
  private final Map<VendorRoot, TrustAnchor> anchors;
  private final List<X509Certificate> intermediates;

  private TrustAnchors(Map<VendorRoot, TrustAnchor> anchors, List<X509Certificate> inter) {
    this.anchors = anchors;
    this.intermediates = List.copyOf(inter);
  }

  /**
   * Loads every *.pem, *.der, *.cer and *.crt file of {@code folder} (not recursive).
   *
   * @throws PkiException FINGERPRINT_MISMATCH for an impostor root, MALFORMED for an unreadable
   *     file
   */
  public static TrustAnchors load(Path folder) throws PkiException {
    List<X509Certificate> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(pem|der|cer|crt)")) {
          all.addAll(Certificates.parseAny(Bytes.of(Files.readAllBytes(p))));
        }
      }
    } catch (IOException e) {
      throw new PkiException(Reason.MALFORMED, "cannot read trust folder " + folder + ": " + e);
    }
    return of(all);
  }

  /** Builds the set from certificates already in memory (same rules as {@link #load}). */
  public static TrustAnchors of(Collection<X509Certificate> certificates) throws PkiException {
    Map<VendorRoot, TrustAnchor> anchors = new EnumMap<>(VendorRoot.class);
    List<X509Certificate> inter = new ArrayList<>();
    for (X509Certificate c : certificates) {
      Optional<VendorRoot> pinned = pinned(c);
      if (pinned.isPresent()) {
        if (!anchors.containsKey(pinned.get())) {
          anchors.put(pinned.get(), new TrustAnchor(pinned.get(), c));
        }
      } else if (isSelfIssued(c)) {
        refuseImpostor(c);
      } else if (inter.stream().noneMatch(c::equals)) {
        inter.add(c);
      }
    }
    return new TrustAnchors(anchors, inter);
  }

  /** The anchor for {@code root}; ANCHOR_MISSING if the trust folder did not provide it. */
  public TrustAnchor anchor(VendorRoot root) throws PkiException {
    TrustAnchor a = anchors.get(root);
    if (a == null) {
      throw new PkiException(Reason.ANCHOR_MISSING, "trust folder has no " + root);
    }
    return a;
  }

  /** The anchor for {@code root} if configured. */
  public Optional<TrustAnchor> find(VendorRoot root) {
    return Optional.ofNullable(anchors.get(root));
  }

  /** Untrusted non-root certificates found in the folder, in load order. */
  public List<X509Certificate> intermediates() {
    return intermediates;
  }

  private static Optional<VendorRoot> pinned(X509Certificate c) {
    Bytes fp = Certificates.fingerprint(c);
    for (VendorRoot r : VendorRoot.values()) {
      if (r.fingerprint().equals(fp)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static void refuseImpostor(X509Certificate c) throws PkiException {
    String subject = c.getSubjectX500Principal().getName();
    for (VendorRoot r : VendorRoot.values()) {
      if (subject.contains(r.commonName())) {
        throw new PkiException(
            Reason.FINGERPRINT_MISMATCH,
            "certificate '"
                + subject
                + "' claims to be "
                + r
                + " but its SHA-256 is "
                + Certificates.fingerprint(c).hex()
                + ", pinned "
                + r.fingerprint().hex());
      }
    }
  }

  private static boolean isSelfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }
}
