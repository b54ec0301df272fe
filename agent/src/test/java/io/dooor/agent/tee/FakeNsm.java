package io.dooor.agent.tee;

import com.sun.jna.Pointer;
import com.upokecenter.cbor.CBORObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for the NSM driver at NSM_IOCTL_RAW: reads {@code struct nsm_raw} and the CBOR request
 * from native memory, answers with what {@code answer} makes of the request, truncated to the
 * response buffer and with response.len set, as drivers/misc/nsm.c does.
 */
final class FakeNsm implements IoctlDevice {
  final List<CBORObject> requests = new ArrayList<>();
  final Function<CBORObject, byte[]> answer;
  int errno;

  FakeNsm(Function<CBORObject, byte[]> answer) {
    this.answer = answer;
  }

  @Override
  public int ioctl(long request, Pointer raw) {
    if (request != NsmDevice.NSM_IOCTL_RAW) {
      return 22;
    }
    if (errno != 0) {
      return errno;
    }
    Pointer req = new Pointer(raw.getLong(0));
    long reqLen = raw.getLong(8);
    if (reqLen > NsmMessages.REQUEST_MAX) {
      return 90; // EMSGSIZE
    }
    CBORObject decoded = CBORObject.DecodeFromBytes(req.getByteArray(0, (int) reqLen));
    requests.add(decoded);
    byte[] out = answer.apply(decoded);
    long len = Math.min(raw.getLong(24), out.length);
    new Pointer(raw.getLong(16)).write(0, out, 0, (int) len);
    raw.setLong(24, len);
    return 0;
  }

  @Override
  public void close() {}

  /** {"Attestation": {"document": doc}}. */
  static byte[] attestation(byte[] document) {
    return CBORObject.NewMap()
        .Add("Attestation", CBORObject.NewMap().Add("document", document))
        .EncodeToBytes();
  }

  /** A COSE_Sign1 document the parser accepts (its signature is not valid), with user_data. */
  static byte[] document(byte[] userData) {
    CBORObject payload =
        CBORObject.NewOrderedMap()
            .Add("module_id", "i-0123456789abcdef0-enc0123456789abcdef")
            .Add("digest", "SHA384")
            .Add("timestamp", 1_725_916_750_000L)
            .Add("pcrs", CBORObject.NewMap().Add(0, new byte[48]).Add(1, new byte[48]))
            .Add("certificate", new byte[] {0x30, 0})
            .Add("cabundle", CBORObject.NewArray().Add(new byte[] {0x30, 0}))
            .Add("public_key", CBORObject.Null)
            .Add("user_data", userData)
            .Add("nonce", CBORObject.Null);
    byte[] protectedHeader = CBORObject.NewMap().Add(1, -35).EncodeToBytes();
    return CBORObject.NewArray()
        .Add(protectedHeader)
        .Add(CBORObject.NewMap())
        .Add(payload.EncodeToBytes())
        .Add(new byte[96])
        .EncodeToBytes();
  }
}
