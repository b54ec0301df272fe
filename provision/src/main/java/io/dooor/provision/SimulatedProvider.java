package io.dooor.provision;

import io.dooor.core.TeeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider whose machines exist only in memory, keeping a record of every call (for tests and
 * benchmarks of the reconciler, "recording providers"; never a deployment's provider). It keeps the
 * contract of {@link Provider}: a client token already used answers the same machine, terminating a
 * machine twice succeeds. Thread-safe.
 */
public final class SimulatedProvider implements Provider {
  private final String name;
  private final Set<String> regions;
  private final Set<TeeType> types;
  private final Map<String, String> byClientToken = new HashMap<>();
  private final Map<String, Boolean> running = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<MachineRequest> requests = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  public SimulatedProvider(String name, Set<String> regions, Set<TeeType> types) {
    this.name = name;
    this.regions = Set.copyOf(regions);
    this.types = Set.copyOf(types);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> regions() {
    return regions;
  }

  @Override
  public Set<TeeType> teeTypes() {
    return types;
  }

  @Override
  public synchronized Answer create(MachineRequest request) {
    String request_ = "req-" + ids.incrementAndGet();
    calls.add("create " + request.machineId() + " " + request.clientToken());
    requests.add(request);
    String ref =
        byClientToken.computeIfAbsent(request.clientToken(), t -> name + "-" + request.machineId());
    running.putIfAbsent(ref, true);
    return new Answer(ref, request_);
  }

  @Override
  public synchronized Answer terminate(String region, String providerRef) {
    calls.add("terminate " + providerRef);
    running.put(providerRef, false);
    return new Answer(providerRef, "req-" + ids.incrementAndGet());
  }

  /** The machines created and not terminated. */
  public synchronized List<String> running() {
    return running.entrySet().stream()
        .filter(Map.Entry::getValue)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Every create request, in order (join tokens included: a test provider only). */
  public synchronized List<MachineRequest> requests() {
    return List.copyOf(requests);
  }

  /** Every call, in order ("create ID TOKEN", "terminate REF"). */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }
}
