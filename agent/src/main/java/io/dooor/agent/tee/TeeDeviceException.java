package io.dooor.agent.tee;

import java.io.IOException;

/**
 * A TEE guest interface (configfs-tsm, {@code /dev/sev-guest}, {@code /dev/nsm}) that is missing,
 * refused a request, or answered something this agent will not use. The message names the check; it
 * never carries key material.
 */
public final class TeeDeviceException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the device's answer was not used. */
  public enum Reason {
    /** The interface does not exist here (no configfs-tsm, no device node). */
    UNAVAILABLE,
    /** configfs-tsm's provider is absent or not the one for the requested TEE type. */
    PROVIDER_MISMATCH,
    /** Another writer changed the report entry between our write and our read. */
    CONCURRENT_WRITER,
    /** The ioctl itself failed (errno, with the VMM and firmware codes when given). */
    IOCTL_FAILED,
    /** The firmware or the NSM answered with an error status. */
    FIRMWARE_ERROR,
    /** A response of the wrong size, layout or encoding. */
    MALFORMED_RESPONSE,
    /** A well-formed report that does not carry the report data we asked for. */
    REPORT_DATA_MISMATCH,
    /** The report names a signing certificate that the certificate table does not hold. */
    CERTIFICATE_MISSING,
    /** A request this agent refuses to send (wrong report data length, VMPL out of range). */
    INVALID_REQUEST
  }

  private final Reason reason;

  public TeeDeviceException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public TeeDeviceException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
