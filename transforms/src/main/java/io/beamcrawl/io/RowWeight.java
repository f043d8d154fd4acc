package io.beamcrawl.io;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;

/**
 * About how many bytes a row adds to a row group before compression: its text and bytes, and a
 * little for every other value. Cheap: nothing is encoded to weigh it.
 */
final class RowWeight {

  private static final long VALUE = 8;

  private RowWeight() {}

  static long of(Object value) {
    if (value == null) {
      return 1;
    }
    if (value instanceof CharSequence text) {
      return text.length() + 4;
    }
    if (value instanceof ByteBuffer bytes) {
      return bytes.remaining() + 4;
    }
    if (value instanceof IndexedRecord record) {
      long weight = 0;
      for (int i = 0; i < record.getSchema().getFields().size(); i++) {
        weight += of(record.get(i));
      }
      return weight;
    }
    if (value instanceof Collection<?> values) {
      long weight = 4;
      for (Object element : values) {
        weight += of(element);
      }
      return weight;
    }
    if (value instanceof Map<?, ?> entries) {
      long weight = 4;
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        weight += of(entry.getKey()) + of(entry.getValue());
      }
      return weight;
    }
    return VALUE;
  }
}
