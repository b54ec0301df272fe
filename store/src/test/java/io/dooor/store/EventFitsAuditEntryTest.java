package io.dooor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.audit.AuditEntry;
import io.dooor.core.EventLimits;
import org.junit.jupiter.api.Test;

/** The limits core enforces when an event is built are exactly those of the audit entry. */
class EventFitsAuditEntryTest {
  @Test
  void eventLimitsAreTheAuditEntryLimits() {
    assertThat(EventLimits.MAX_ACTION).isEqualTo(AuditEntry.MAX_ACTION);
    assertThat(EventLimits.MAX_SUBJECT).isEqualTo(AuditEntry.MAX_SUBJECT);
    assertThat(EventLimits.MAX_REASON).isEqualTo(AuditEntry.MAX_REASON);
    assertThat(EventLimits.MAX_DIGEST).isEqualTo(AuditEntry.MAX_DIGEST);
    assertThat(EventLimits.MAX_DETAILS).isEqualTo(AuditEntry.MAX_DETAILS);
    assertThat(EventLimits.MAX_DETAIL_KEY).isEqualTo(AuditEntry.MAX_DETAIL_KEY);
    assertThat(EventLimits.MAX_DETAIL_VALUE).isEqualTo(AuditEntry.MAX_DETAIL_VALUE);
  }
}
