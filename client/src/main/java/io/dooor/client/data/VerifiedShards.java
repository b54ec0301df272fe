package io.dooor.client.data;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * k shards of a blob that were read through and had the header and SHA-256 its manifest records,
 * and what was found wrong with the others that were tried. Made only by {@link ShardVerifier}.
 */
public final class VerifiedShards {
  private final CodedBlob blob;
  private final SortedMap<Integer, ShardSource> sources;
  private final SortedMap<Integer, String> corrupt;
  private final SortedSet<Integer> unavailable;

  VerifiedShards(
      CodedBlob blob,
      SortedMap<Integer, ShardSource> sources,
      SortedMap<Integer, String> corrupt,
      SortedSet<Integer> unavailable) {
    this.blob = blob;
    this.sources = Collections.unmodifiableSortedMap(new TreeMap<>(sources));
    this.corrupt = Collections.unmodifiableSortedMap(new TreeMap<>(corrupt));
    this.unavailable = Collections.unmodifiableSortedSet(new TreeSet<>(unavailable));
  }

  public CodedBlob blob() {
    return blob;
  }

  /** The indices of the k verified shards. */
  public SortedSet<Integer> used() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(sources.keySet()));
  }

  /** Shards that were read and refused, by index, with what was wrong (to report and repair). */
  public SortedMap<Integer, String> corrupt() {
    return corrupt;
  }

  /** Shards whose source could not be opened or read. */
  public SortedSet<Integer> unavailable() {
    return unavailable;
  }

  SortedMap<Integer, ShardSource> sources() {
    return sources;
  }
}
