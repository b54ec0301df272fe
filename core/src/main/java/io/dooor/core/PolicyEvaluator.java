package io.dooor.core;

import io.dooor.core.port.VerifiedEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides admission from verified claims (DESIGN §4): TEE type, debug mode, TCB status, reference
 * measurements and numeric minimums. Every check is evaluated, so a refusal names all failures.
 */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  /** The names of every failed check, empty when the policy admits the evidence. */
  public static List<String> failures(Policy policy, VerifiedEvidence evidence) {
    return failures(
        policy,
        evidence.type(),
        evidence.debug(),
        evidence.tcbStatus(),
        evidence.measurements(),
        evidence.numbers());
  }

  /**
   * Judging again (issue 12): the failed checks of {@code policy} on the claims kept from the
   * node's last verified evidence ({@link Node} and {@link NodeEvidence}), without the TEE.
   */
  static List<String> failures(Policy policy, Node node, NodeEvidence kept) {
    return failures(
        policy,
        node.teeType(),
        kept.debug(),
        node.tcbStatus(),
        node.measurements(),
        kept.numbers());
  }

  private static List<String> failures(
      Policy policy,
      TeeType type,
      boolean debug,
      String tcbStatus,
      Map<String, String> measurements,
      Map<String, Long> numbers) {
    List<String> failed = new ArrayList<>();
    if (!policy.allowedTypes().contains(type)) {
      failed.add(
          "tee_type: "
              + type.wireName()
              + " not allowed by policy "
              + policy.workload()
              + " v"
              + policy.version());
    }
    if (debug && !policy.allowDebug()) {
      failed.add("debug: TEE runs in debug mode");
    }
    if (!policy.acceptedTcbStatuses().contains(tcbStatus)) {
      failed.add("tcb_status: " + tcbStatus + " not accepted");
    }
    checkReferences(policy.referenceValues(), measurements, failed);
    checkMinimums(policy.minimums(), numbers, failed);
    return failed;
  }

  private static void checkReferences(
      Map<String, Set<String>> refs, Map<String, String> actual, List<String> failed) {
    refs.forEach(
        (name, accepted) -> {
          String value = actual.get(name);
          if (value == null) {
            failed.add("measurement " + name + ": absent from evidence");
          } else if (!accepted.contains(value)) {
            failed.add("measurement " + name + ": " + value + " is not a reference value");
          }
        });
  }

  private static void checkMinimums(
      Map<String, Long> minimums, Map<String, Long> actual, List<String> failed) {
    minimums.forEach(
        (name, min) -> {
          Long value = actual.get(name);
          if (value == null) {
            failed.add("minimum " + name + ": absent from evidence");
          } else if (value < min) {
            failed.add("minimum " + name + ": " + value + " < " + min);
          }
        });
  }
}
