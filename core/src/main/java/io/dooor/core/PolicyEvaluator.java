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
    List<String> failed = new ArrayList<>();
    if (!policy.allowedTypes().contains(evidence.type())) {
      failed.add(
          "tee_type: "
              + evidence.type().wireName()
              + " not allowed by policy "
              + policy.workload()
              + " v"
              + policy.version());
    }
    if (evidence.debug() && !policy.allowDebug()) {
      failed.add("debug: TEE runs in debug mode");
    }
    if (!policy.acceptedTcbStatuses().contains(evidence.tcbStatus())) {
      failed.add("tcb_status: " + evidence.tcbStatus() + " not accepted");
    }
    checkReferences(policy.referenceValues(), evidence.measurements(), failed);
    checkMinimums(policy.minimums(), evidence.numbers(), failed);
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
