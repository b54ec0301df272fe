package io.dooor.core;

/**
 * Roles a principal may hold (DESIGN §2). The node role is not granted: it is held by the principal
 * of an ACTIVE node, for that node only.
 */
public enum Role {
  /** Policy, deactivation, controllers. Implies operator and auditor. */
  CONTROLLER,
  /** Register nodes, read the fleet. */
  OPERATOR,
  /** Read the audit log. */
  AUDITOR;

  /** Whether holding this role grants {@code needed}. */
  public boolean grants(Role needed) {
    return this == needed || this == CONTROLLER;
  }
}
