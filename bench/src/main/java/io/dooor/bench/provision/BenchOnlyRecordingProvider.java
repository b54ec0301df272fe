package io.dooor.bench.provision;

import io.dooor.core.TeeType;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BENCH ONLY: a provider that starts nothing and records every call, for the reconciler benchmark
 * ({@link ReconcilerLoad}). It keeps the {@link Provider} contract (a client token already used
 * answers the same machine; terminate is idempotent) and hands each create request to the bench,
 * which plays the machine's agent. It may be told to fail after a number of creates, to stand for a
 * control plane killed mid-pass. Never wired into a deployment.
 */
final class BenchOnlyRecordingProvider implements Provider {
  private final Map<String, String> byClientToken = new HashMap<>();
  private final Set<String> running = new HashSet<>();
  private final List<MachineRequest> fresh = new ArrayList<>();
  private long calls;
  private long creates;
  private long failAfterCreates = Long.MAX_VALUE;

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Set<String> regions() {
    return Set.of("local");
  }

  @Override
  public Set<TeeType> teeTypes() {
    return Set.of(TeeType.SIM);
  }

  @Override
  public synchronized Answer create(MachineRequest request) {
    if (creates >= failAfterCreates) {
      throw new IllegalStateException("bench: control plane killed mid-pass");
    }
    calls++;
    creates++;
    String ref = byClientToken.get(request.clientToken());
    if (ref == null) {
      ref = "bench-" + request.machineId();
      byClientToken.put(request.clientToken(), ref);
      running.add(ref);
      fresh.add(request);
    }
    return new Answer(ref, "bench-req-" + calls);
  }

  @Override
  public synchronized Answer terminate(String region, String providerRef) {
    calls++;
    running.remove(providerRef);
    return new Answer(providerRef, "bench-req-" + calls);
  }

  /** Creates after which every create throws (the process "dies" mid-pass). */
  synchronized void failAfter(long n) {
    failAfterCreates = creates + n;
  }

  synchronized void heal() {
    failAfterCreates = Long.MAX_VALUE;
  }

  /** The create requests of machines new since the last call (their agents are to start). */
  synchronized List<MachineRequest> takeFresh() {
    List<MachineRequest> out = new ArrayList<>(fresh);
    fresh.clear();
    return out;
  }

  synchronized int running() {
    return running.size();
  }

  /** Distinct client tokens ever created: more than the machines recorded means duplicates. */
  synchronized int distinctMachines() {
    return byClientToken.size();
  }

  synchronized long calls() {
    return calls;
  }
}
