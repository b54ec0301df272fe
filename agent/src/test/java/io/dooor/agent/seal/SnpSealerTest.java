package io.dooor.agent.seal;

import static io.dooor.agent.seal.SimSealerTest.SECRET;
import static io.dooor.agent.seal.SimSealerTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Pointer;
import io.dooor.agent.seal.SealingException.Reason;
import io.dooor.agent.tee.IoctlDevice;
import io.dooor.agent.tee.SevGuestDevice;
import io.dooor.agent.tee.SnpKeyRequest;
import io.dooor.agent.tee.TeeDeviceException;
import io.dooor.common.Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SNP sealing through the SNP_GET_DERIVED_KEY ioctl with a stand-in firmware whose derived key
 * mixes a chip secret, the request and (when selected) the launch measurement: the same guest
 * unseals; another measurement, another chip or a weaker key selection does not.
 */
class SnpSealerTest {
  @Test
  void theSameGuestUnseals() throws Exception {
    Firmware fw = new Firmware(measurement(1));
    Bytes sealed = sealer(fw).seal(SECRET);
    assertThat(sealer(fw).unseal(sealed)).isEqualTo(SECRET);
    long select = ByteBuffer.wrap(fw.requests.get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
    assertThat(select & SnpKeyRequest.MEASUREMENT).isNotZero();
  }

  @Test
  void anotherMeasurementDoesNotUnseal() throws Exception {
    Bytes sealed = sealer(new Firmware(measurement(1))).seal(SECRET);
    assertRefused(sealer(new Firmware(measurement(2))), sealed, Reason.UNSEAL_FAILED);
  }

  @Test
  void anotherChipDoesNotUnseal() throws Exception {
    Firmware other = new Firmware(measurement(1));
    other.chip[0] = 9;
    Bytes sealed = sealer(new Firmware(measurement(1))).seal(SECRET);
    assertRefused(sealer(other), sealed, Reason.UNSEAL_FAILED);
  }

  @Test
  void aBlobNamingAnotherKeySelectionIsRefusedBeforeAnyKeyIsAsked() throws Exception {
    Firmware fw = new Firmware(measurement(1));
    Bytes sealed = new SnpSealer(new SevGuestDevice(fw), 1).seal(SECRET);
    fw.requests.clear();
    assertRefused(sealer(fw), sealed, Reason.WRONG_KEY_SELECTION);
    assertThat(fw.requests).isEmpty();
    assertThatThrownBy(
            () ->
                new SnpSealer(
                    new SevGuestDevice(fw), new SnpKeyRequest(0, SnpKeyRequest.POLICY, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFirmwareErrorIsAnIoFailureNotAWrongKey() throws Exception {
    Firmware fw = new Firmware(measurement(1));
    Bytes sealed = sealer(fw).seal(SECRET);
    fw.status = 0x27;
    assertThatThrownBy(() -> sealer(fw).unseal(sealed))
        .isInstanceOf(TeeDeviceException.class)
        .hasMessageContaining("INVALID_KEY");
  }

  private static SnpSealer sealer(Firmware fw) {
    return new SnpSealer(new SevGuestDevice(fw), 0);
  }

  private static byte[] measurement(int tag) {
    byte[] m = new byte[48];
    m[0] = (byte) tag;
    return m;
  }

  /** The guest driver and firmware for SNP_GET_DERIVED_KEY only. */
  static final class Firmware implements IoctlDevice {
    final byte[] chip = new byte[32];
    final byte[] launchMeasurement;
    final List<byte[]> requests = new ArrayList<>();
    int status;

    Firmware(byte[] launchMeasurement) {
      this.launchMeasurement = launchMeasurement;
    }

    @Override
    public int ioctl(long request, Pointer arg) {
      if (request != IoctlDevice.readWrite('S', 1, 32) || arg.getByte(0) != 1) {
        return 22;
      }
      byte[] req = new Pointer(arg.getLong(8)).getByteArray(0, 32);
      requests.add(req);
      ByteBuffer rsp = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      rsp.putInt(0, status);
      rsp.put(0x20, key(req));
      new Pointer(arg.getLong(16)).write(0, rsp.array(), 0, 64);
      return 0;
    }

    private byte[] key(byte[] req) {
      try {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(chip);
        d.update(req);
        long select = ByteBuffer.wrap(req).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
        if ((select & SnpKeyRequest.MEASUREMENT) != 0) {
          d.update(launchMeasurement);
        }
        return d.digest();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {}
  }
}
