package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.Check;
import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import java.util.ArrayList;
import java.util.List;

/** Collects the outcome of every check of one verification, in the order they ran. */
public final class CheckList {
  private final List<Check> checks = new ArrayList<>();

  /** Records a check; returns whether it passed. */
  public boolean check(String name, boolean ok, Reason reason, String detail) {
    checks.add(ok ? Check.pass(name, detail) : Check.fail(name, reason, detail));
    return ok;
  }

  public void pass(String name, String detail) {
    checks.add(Check.pass(name, detail));
  }

  public void fail(String name, Reason reason, String detail) {
    checks.add(Check.fail(name, reason, detail));
  }

  public void addAll(List<Check> more) {
    checks.addAll(more);
  }

  /** This list with {@code more} appended. */
  public CheckList withAll(List<Check> more) {
    checks.addAll(more);
    return this;
  }

  public boolean anyFailed() {
    return checks.stream().anyMatch(c -> !c.passed());
  }

  public List<Check> all() {
    return List.copyOf(checks);
  }

  /** The exception naming every failed check; its reason is that of the first failure. */
  public DcapException toException() {
    List<Check> failed = checks.stream().filter(c -> !c.passed()).toList();
    StringBuilder msg = new StringBuilder("DCAP quote refused:");
    for (Check c : failed) {
      msg.append(' ').append(c.name()).append(" (").append(c.detail()).append(");");
    }
    Reason first = failed.isEmpty() ? Reason.MALFORMED : failed.get(0).failure().orElseThrow();
    return new DcapException(first, msg.toString(), failed.stream().map(Check::name).toList());
  }
}
