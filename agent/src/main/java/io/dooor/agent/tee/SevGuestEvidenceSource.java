package io.dooor.agent.tee;

import io.dooor.agent.EvidenceSource;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.io.IOException;

/**
 * SNP evidence through the guest driver's ioctl (for kernels before configfs-tsm, 6.7): an extended
 * report (SNP_GET_EXT_REPORT), assembled as {@link SnpEvidenceAssembly} says.
 */
public final class SevGuestEvidenceSource implements EvidenceSource {
  private final SevGuestDevice device;
  private final int vmpl;

  /**
   * @param vmpl the VMPL the report is requested at (0 for a guest without an SVSM)
   */
  public SevGuestEvidenceSource(SevGuestDevice device, int vmpl) {
    this.device = device;
    this.vmpl = vmpl;
  }

  @Override
  public TeeType type() {
    return TeeType.SNP;
  }

  @Override
  public Bytes evidence(Bytes reportData) throws IOException {
    ReportData.check(reportData);
    SevGuestDevice.ExtendedReport r = device.extendedReport(reportData, vmpl);
    return SnpEvidenceAssembly.assemble(r.report(), r.certificates(), reportData);
  }
}
