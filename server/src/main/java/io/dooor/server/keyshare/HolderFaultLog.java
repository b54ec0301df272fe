package io.dooor.server.keyshare;

import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.vetkd.threshold.HolderVerdict;
import io.dooor.vetkd.threshold.HolderVerdict.Outcome;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records faulty key-share holders in the control plane's event log (and so the audit log), as a
 * refusal by the system caller of action {@value #ACTION} on subject {@code keyshare-holder:I}:
 * once each time a holder turns faulty or its fault changes kind (invalid share, failed, timed
 * out), not once per request, so that a holder down for an hour does not flood the log. Late
 * verdicts (reached after a request was answered without the holder) are recorded the same way. A
 * holder with a recorded fault that answers with a valid share again is recorded once as {@value
 * #RECOVERED} (outcome OK).
 */
public final class HolderFaultLog implements Consumer<HolderVerdict> {
  /** The action of the recorded faults. */
  public static final String ACTION = "vetkd.holder_fault";

  /** The action recorded when a holder with a recorded fault answers with a valid share again. */
  public static final String RECOVERED = "vetkd.holder_recovered";

  private static final Logger LOG = LoggerFactory.getLogger(HolderFaultLog.class);

  private final ControlPlane plane;
  private final Map<Integer, Outcome> lastSeen = new HashMap<>();

  public HolderFaultLog(ControlPlane plane) {
    this.plane = plane;
  }

  @Override
  public void accept(HolderVerdict v) {
    Outcome previous;
    synchronized (lastSeen) {
      previous = lastSeen.put(v.holder(), v.outcome());
    }
    if (!v.outcome().faulty()) {
      if (previous != null && previous.faulty()) {
        LOG.info("key-share holder {} answers with valid shares again", v.holder());
        try {
          plane.recordObservation(
              Caller.system(),
              RECOVERED,
              "keyshare-holder:" + v.holder(),
              Map.of("after", previous.name()));
        } catch (RuntimeException e) {
          LOG.warn(
              "could not record the recovery of key-share holder {}: {}", v.holder(), e.toString());
        }
      }
      return;
    }
    if (previous == v.outcome()) {
      return;
    }
    String why =
        "key-share holder "
            + v.holder()
            + " "
            + v.outcome().name().toLowerCase(java.util.Locale.ROOT)
            + (v.late() ? " (late, after the request was answered without it)" : "")
            + ": "
            + v.detail();
    LOG.warn("{}", why);
    try {
      plane.recordRefusal(Caller.system(), ACTION, "keyshare-holder:" + v.holder(), why);
    } catch (RuntimeException e) {
      LOG.warn("could not record the fault of key-share holder {}: {}", v.holder(), e.toString());
    }
  }
}
