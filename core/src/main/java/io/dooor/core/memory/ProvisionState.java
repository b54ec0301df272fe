package io.dooor.core.memory;

import io.dooor.common.Bytes;
import io.dooor.core.provision.CredentialRow;
import io.dooor.core.provision.JoinToken;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.WorkloadRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The provisioning part of a {@link State}: workload spec versions, machines, join tokens. */
final class ProvisionState {
  private final SortedMap<String, List<WorkloadRow>> workloads;
  private final Map<String, Machine> machines;
  private final Map<Bytes, JoinToken> tokens;
  private final SortedMap<String, CredentialRow> credentials;

  private ProvisionState(
      SortedMap<String, List<WorkloadRow>> workloads,
      Map<String, Machine> machines,
      Map<Bytes, JoinToken> tokens,
      SortedMap<String, CredentialRow> credentials) {
    this.workloads = workloads;
    this.machines = machines;
    this.tokens = tokens;
    this.credentials = credentials;
  }

  static ProvisionState empty() {
    return new ProvisionState(
        new TreeMap<>(), new LinkedHashMap<>(), new HashMap<>(), new TreeMap<>());
  }

  ProvisionState copy() {
    SortedMap<String, List<WorkloadRow>> w = new TreeMap<>();
    workloads.forEach((k, v) -> w.put(k, new ArrayList<>(v)));
    return new ProvisionState(
        w, new LinkedHashMap<>(machines), new HashMap<>(tokens), new TreeMap<>(credentials));
  }

  /** Sorts by provider, name, then version (names hold no NUL; versions up to 19 digits). */
  private static String key(String provider, String name, long version) {
    return provider + "\0" + name + "\0" + String.format(java.util.Locale.ROOT, "%019d", version);
  }

  List<CredentialRow> credentials() {
    return List.copyOf(credentials.values());
  }

  List<CredentialRow> credentials(String provider, String name) {
    return credentials.values().stream()
        .filter(r -> r.provider().equals(provider) && r.name().equals(name))
        .toList();
  }

  void putCredential(CredentialRow row) {
    String k = key(row.provider(), row.name(), row.version());
    CredentialRow old = credentials.get(k);
    credentials.put(k, old == null ? row : retired(old, row));
  }

  private static CredentialRow retired(CredentialRow old, CredentialRow row) {
    return row.retiredAt() == null ? old : old.retire(row.retiredAt());
  }

  void deleteCredential(String provider, String name, long version) {
    credentials.remove(key(provider, name, version));
  }

  Optional<WorkloadRow> workload(String name) {
    List<WorkloadRow> versions = workloads.get(name);
    return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  List<WorkloadRow> workloads() {
    List<WorkloadRow> out = new ArrayList<>();
    workloads.values().forEach(v -> out.add(v.get(v.size() - 1)));
    return out;
  }

  void putWorkload(WorkloadRow row) {
    List<WorkloadRow> versions = workloads.computeIfAbsent(row.name(), k -> new ArrayList<>());
    long last = versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version();
    if (row.version() <= last) {
      throw new IllegalStateException(
          "workload " + row.name() + " version " + row.version() + " is stored already");
    }
    versions.add(row);
  }

  /** Every machine, by workload, then oldest first. */
  List<Machine> machines() {
    return machines.values().stream()
        .sorted(
            java.util.Comparator.comparing(Machine::workload)
                .thenComparing(Machine::createdAt)
                .thenComparing(Machine::id))
        .toList();
  }

  List<Machine> machines(String workload) {
    return machines.values().stream()
        .filter(m -> m.workload().equals(workload))
        .sorted(java.util.Comparator.comparing(Machine::createdAt).thenComparing(Machine::id))
        .toList();
  }

  void putMachine(Machine m) {
    machines.put(m.id(), m);
  }

  Optional<JoinToken> joinToken(Bytes digest) {
    return Optional.ofNullable(tokens.get(digest));
  }

  void putJoinToken(JoinToken t) {
    tokens.put(t.digest(), t);
  }
}
