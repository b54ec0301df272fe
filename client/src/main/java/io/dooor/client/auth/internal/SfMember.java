package io.dooor.client.auth.internal;

import io.dooor.common.Bytes;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member of an RFC 8941 Structured Field Dictionary or List: an Item or an Inner List (§3.1,
 * §3.3). Bare item values are {@link Long} (Integer), {@link BigDecimal} (Decimal), {@link String}
 * (String), {@link Token}, {@link Bytes} (Byte Sequence) or {@link Boolean}.
 */
public sealed interface SfMember permits SfMember.Item, SfMember.InnerList {

  /** The parameters (§3.1.2), in order. */
  Map<String, Object> params();

  /** An Item with its parameters (§3.3). */
  record Item(Object value, Map<String, Object> params) implements SfMember {
    public Item {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static Item of(Object value) {
      return new Item(value, Map.of());
    }
  }

  /** An Inner List with its parameters (§3.1.1). */
  record InnerList(List<Item> items, Map<String, Object> params) implements SfMember {
    public InnerList {
      items = List.copyOf(items);
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
  }

  /** A Token (§3.3.4). */
  record Token(String value) {}
}
