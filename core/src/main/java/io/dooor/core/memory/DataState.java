package io.dooor.core.memory;

import io.dooor.common.Bytes;
import io.dooor.core.Blob;
import io.dooor.core.NodeId;
import io.dooor.core.RepairJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The encrypted-data part of a {@link State} (issue 13): epoch, endpoints, blobs, repairs. */
final class DataState {
  long epoch;
  final Map<NodeId, String> endpoints;
  final SortedMap<String, Blob> blobs;
  final Map<String, List<Bytes>> history;
  final SortedMap<String, RepairJob> repairs;

  private DataState(
      long epoch,
      Map<NodeId, String> endpoints,
      SortedMap<String, Blob> blobs,
      Map<String, List<Bytes>> history,
      SortedMap<String, RepairJob> repairs) {
    this.epoch = epoch;
    this.endpoints = endpoints;
    this.blobs = blobs;
    this.history = history;
    this.repairs = repairs;
  }

  static DataState empty() {
    return new DataState(0, new HashMap<>(), new TreeMap<>(), new HashMap<>(), new TreeMap<>());
  }

  /** A copy whose maps (and history lists) may change without touching this one. */
  DataState copy() {
    Map<String, List<Bytes>> h = new HashMap<>();
    history.forEach((id, list) -> h.put(id, new ArrayList<>(list)));
    return new DataState(
        epoch, new HashMap<>(endpoints), new TreeMap<>(blobs), h, new TreeMap<>(repairs));
  }

  void putBlob(Blob blob) {
    blobs.put(blob.id(), blob);
    List<Bytes> versions = history.computeIfAbsent(blob.id(), id -> new ArrayList<>());
    if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(blob.manifest())) {
      versions.add(blob.manifest());
    }
  }
}
