package io.dooor.server.keyshare;

import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the remote key-share holders listen: Shamir index to base URL, written {@code index=URL}
 * (for example {@code 1=http://10.0.0.1:7101}), one entry per holder. Each URL is an absolute http
 * or https URL with a host and no query, fragment or user info.
 */
public record HolderAddresses(Map<Integer, URI> byIndex, Attestation attestation) {
  public HolderAddresses {
    byIndex = Collections.unmodifiableMap(new TreeMap<>(byIndex));
  }

  /** Holders at these addresses, not attested. */
  public HolderAddresses(Map<Integer, URI> byIndex) {
    this(byIndex, null);
  }

  /**
   * How the holders are attested (issue 16): their evidence judged against {@code policy} (its
   * {@code attestation_ttl_seconds} is how long evidence stays fresh), asked again every {@code
   * interval}.
   */
  public record Attestation(io.dooor.core.Policy policy, java.time.Duration interval) {
    public Attestation {
      java.util.Objects.requireNonNull(policy, "policy");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("holder attestation interval must be positive");
      }
    }
  }

  /** These addresses, their holders attested as {@code how}. */
  public HolderAddresses attested(Attestation how) {
    return new HolderAddresses(byIndex, how);
  }

  /** No remote holders: the embedded default. */
  public static HolderAddresses none() {
    return new HolderAddresses(Map.of());
  }

  public boolean isEmpty() {
    return byIndex.isEmpty();
  }

  /**
   * Parses {@code index=URL} entries (each may also be a comma-separated list of them).
   *
   * @throws IllegalArgumentException naming the entry and what is wrong with it
   */
  public static HolderAddresses parse(List<String> entries) {
    Map<Integer, URI> out = new TreeMap<>();
    for (String list : entries) {
      for (String entry : list.split(",", -1)) {
        add(out, entry.strip());
      }
    }
    return new HolderAddresses(out);
  }

  private static void add(Map<Integer, URI> out, String entry) {
    int eq = entry.indexOf('=');
    if (eq < 1) {
      throw bad(entry, "expected index=URL");
    }
    int index = index(entry, entry.substring(0, eq));
    if (out.putIfAbsent(index, url(entry, entry.substring(eq + 1))) != null) {
      throw bad(entry, "holder " + index + " given twice");
    }
  }

  private static int index(String entry, String text) {
    if (text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(entry, "index must be a number in 1.." + ThresholdPublicKey.MAX_HOLDERS);
    }
    int index = Integer.parseInt(text);
    if (index < 1 || index > ThresholdPublicKey.MAX_HOLDERS) {
      throw bad(entry, "index must be in 1.." + ThresholdPublicKey.MAX_HOLDERS);
    }
    return index;
  }

  private static URI url(String entry, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw bad(entry, "not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw bad(entry, "URL must be http or https");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw bad(entry, "URL must name a host and no user info");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw bad(entry, "URL must have no query or fragment");
    }
    return uri;
  }

  private static IllegalArgumentException bad(String entry, String why) {
    String shown = entry.length() > 100 ? entry.substring(0, 100) + "..." : entry;
    return new IllegalArgumentException("key-share holder '" + shown + "': " + why);
  }
}
