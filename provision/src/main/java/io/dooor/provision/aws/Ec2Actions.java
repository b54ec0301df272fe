package io.dooor.provision.aws;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The EC2 API actions {@link Ec2Provider} calls, and the IAM policy that allows exactly those
 * (issue 14, least privilege made checkable): {@code Ec2ScopeTest} runs the adapter through the
 * real SDK against a recording endpoint and fails if the actions it saw differ from this list.
 * RunInstances needs CreateTags only for tags given at launch (the condition says so);
 * TerminateInstances is allowed only on instances tagged {@code dooor:managed=true}.
 */
public final class Ec2Actions {
  /** Every EC2 action the adapter calls. */
  public static final Set<String> ACTIONS =
      Set.of("ec2:RunInstances", "ec2:CreateTags", "ec2:TerminateInstances");

  private Ec2Actions() {}

  /** The IAM policy document (JSON object as maps) allowing {@link #ACTIONS} and nothing else. */
  public static Map<String, Object> iamPolicy() {
    return Map.of(
        "Version",
        "2012-10-17",
        "Statement",
        List.of(
            statement("DooorLaunch", List.of("ec2:RunInstances"), Map.of()),
            statement(
                "DooorTagAtLaunch",
                List.of("ec2:CreateTags"),
                Map.of("StringEquals", Map.of("ec2:CreateAction", "RunInstances"))),
            statement(
                "DooorTerminateOwn",
                List.of("ec2:TerminateInstances"),
                Map.of("StringEquals", Map.of("aws:ResourceTag/dooor:managed", "true")))));
  }

  /** The actions {@link #iamPolicy()} allows, read back from the document. */
  @SuppressWarnings("unchecked")
  public static Set<String> allowed(Map<String, Object> policy) {
    Set<String> out = new TreeSet<>();
    for (Object s : (List<Object>) policy.get("Statement")) {
      Map<String, Object> st = (Map<String, Object>) s;
      if ("Allow".equals(st.get("Effect"))) {
        out.addAll((List<String>) st.get("Action"));
      }
    }
    return out;
  }

  private static Map<String, Object> statement(
      String sid, List<String> actions, Map<String, Object> condition) {
    Map<String, Object> s = new java.util.LinkedHashMap<>();
    s.put("Sid", sid);
    s.put("Effect", "Allow");
    s.put("Action", actions);
    s.put("Resource", "*");
    if (!condition.isEmpty()) {
      s.put("Condition", condition);
    }
    return s;
  }
}
