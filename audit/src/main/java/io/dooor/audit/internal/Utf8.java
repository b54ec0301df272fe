package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed input is an error, never a replacement character. */
public final class Utf8 {
  private Utf8() {}

  public static String strict(byte[] b, Reason reason, String what) throws AuditException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AuditException(reason, what + " is not valid UTF-8", e);
    }
  }
}
