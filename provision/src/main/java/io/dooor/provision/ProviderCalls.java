package io.dooor.provision;

import io.dooor.core.Event;
import io.dooor.core.Principal;
import io.dooor.core.port.Store;
import io.dooor.core.provision.Machine;
import io.dooor.provision.credentials.CredentialUse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Provider calls and their record: every call is one audit event (by the control plane) naming the
 * provider, region, machine, outcome and the provider's request id; a successful answer's machine
 * change is written in the same transaction as its event, under the caller's lease. A call is made
 * for its machine's workload ({@link CredentialUse}), and its event names the credential version it
 * used.
 */
final class ProviderCalls {
  private final Store store;
  private final Clock clock;

  ProviderCalls(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A provider call. */
  @FunctionalInterface
  interface Call {
    Provider.Answer run() throws ProviderException;
  }

  /**
   * Calls the provider; on success writes {@code after(answer)} and the event, else the failure.
   */
  void call(
      Fence fence, Machine m, String action, Call call, Function<Provider.Answer, Machine> after) {
    call(fence, m, action, call, after, "");
  }

  /** As above, recording {@code why} the call was made (e.g. why a machine is terminated). */
  void call(
      Fence fence,
      Machine m,
      String action,
      Call call,
      Function<Provider.Answer, Machine> after,
      String why) {
    Provider.Answer answer;
    try {
      answer = CredentialUse.forWorkload(m.workload(), call::run);
    } catch (ProviderException e) {
      Map<String, String> used = credentialUsed();
      store.inTransaction(
          tx -> {
            fence.check(tx);
            failed(tx, action, m, e, used);
            return null;
          });
      return;
    }
    Map<String, String> used = credentialUsed();
    store.inTransaction(
        tx -> {
          fence.check(tx);
          Machine next = after.apply(answer);
          tx.putMachine(next);
          Map<String, String> more = new HashMap<>(Map.of("provider_ref", answer.providerRef()));
          more.putAll(used);
          if (!why.isEmpty()) {
            more.put("why", why);
          }
          record(tx, action, next, answer.requestId(), more);
          return null;
        });
  }

  void record(Store.Tx tx, String action, Machine m, String requestId, Map<String, String> more) {
    Map<String, String> details = facts(m, requestId);
    details.putAll(more);
    tx.append(event(action, m, Event.Outcome.OK, "", details));
  }

  /** Reports a finding about the machine (no provider call), with {@code why} and {@code more}. */
  void report(Store.Tx tx, String action, Machine m, String why, Map<String, String> more) {
    Map<String, String> details = facts(m, "");
    details.putAll(more);
    tx.append(event(action, m, Event.Outcome.OK, why, details));
  }

  /**
   * The credential the last call opened (issue 14: provider events name it): {@code
   * credential_provider}, {@code credential_name}, {@code credential_version}; none for a provider
   * without stored credentials ({@code local}).
   */
  private static Map<String, String> credentialUsed() {
    Map<String, String> d = new HashMap<>();
    CredentialUse.used()
        .ifPresent(
            id -> {
              d.put("credential_provider", id.provider());
              d.put("credential_name", id.name());
              d.put("credential_version", Long.toString(id.version()));
            });
    return d;
  }

  private void failed(
      Store.Tx tx, String action, Machine m, ProviderException e, Map<String, String> used) {
    Map<String, String> details = facts(m, e.requestId());
    details.putAll(used);
    details.put("failure", e.reason().name());
    tx.append(event(action, m, Event.Outcome.REFUSED, e.getMessage(), details));
  }

  private static Map<String, String> facts(Machine m, String requestId) {
    Map<String, String> d = new HashMap<>();
    d.put("workload", m.workload());
    d.put("provider", m.provider());
    d.put("region", m.region());
    d.put("state", m.state().name());
    d.put("client_token", m.clientToken());
    d.put("request_id", requestId);
    return d;
  }

  private Event event(
      String action, Machine m, Event.Outcome outcome, String why, Map<String, String> details) {
    return new Event(
        -1,
        clock.instant(),
        Principal.managementCanister(),
        action,
        "machine:" + m.id(),
        io.dooor.common.Bytes.empty(),
        outcome,
        io.dooor.core.EventLimits.bound(
            why == null ? "" : why, io.dooor.core.EventLimits.MAX_REASON),
        details);
  }
}
