package io.dooor.agent.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one native path, for real, on a device node every Linux has: /dev/null opens through libc and
 * answers a guest ioctl with ENOTTY, which the device classes report as IOCTL_FAILED.
 */
class JnaIoctlDeviceTest {
  private static final int ENOTTY = 25;

  @Test
  void aRealIoctlOnAnotherDeviceAnswersEnotty() throws Exception {
    try (JnaIoctlDevice dev = JnaIoctlDevice.open(Path.of("/dev/null"))) {
      Memory arg = new Memory(GuestRequest.SIZE);
      arg.clear();
      assertThat(dev.ioctl(SevGuestDevice.SNP_GET_REPORT, arg)).isEqualTo(ENOTTY);
    }
  }

  @Test
  void theDeviceClassesReportTheErrno() throws Exception {
    try (SevGuestDevice sev = SevGuestDevice.open(Path.of("/dev/null"));
        NsmDevice nsm = NsmDevice.open(Path.of("/dev/null"))) {
      SevGuestDeviceTest.assertRefused(
          () -> sev.report(SevGuestDeviceTest.ours(), 0), Reason.IOCTL_FAILED, "errno 25");
      SevGuestDeviceTest.assertRefused(
          () -> nsm.attestation(SevGuestDeviceTest.ours()), Reason.IOCTL_FAILED, "errno 25");
    }
  }

  @Test
  void aMissingOrUnopenableDeviceIsUnavailable(@TempDir Path dir) throws Exception {
    SevGuestDeviceTest.assertRefused(
        () -> JnaIoctlDevice.open(dir.resolve("sev-guest")), Reason.UNAVAILABLE, "no device");
    Path directory = Files.createDirectory(dir.resolve("nsm"));
    SevGuestDeviceTest.assertRefused(
        () -> JnaIoctlDevice.open(directory), Reason.UNAVAILABLE, "cannot open");
  }

  @Test
  void aClosedDeviceRefusesFurtherCalls() throws Exception {
    JnaIoctlDevice dev = JnaIoctlDevice.open(Path.of("/dev/null"));
    dev.close();
    dev.close();
    assertThatThrownBy(() -> dev.ioctl(SevGuestDevice.SNP_GET_REPORT, new Memory(32)))
        .isInstanceOf(IOException.class);
  }
}
