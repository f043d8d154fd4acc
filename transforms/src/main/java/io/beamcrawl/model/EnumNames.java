package io.beamcrawl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The enums a job line or an option names by a lower-case word, read in any case. */
final class EnumNames {

  private EnumNames() {}

  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param field how the caller names the value in an error, e.g. {@code --sitemap}
   * @throws IllegalArgumentException naming the values there are
   */
  static <E extends Enum<E>> E parse(E[] values, String name, String field) {
    List<String> names = new ArrayList<>();
    for (E value : values) {
      if (of(value).equalsIgnoreCase(name == null ? "" : name.strip())) {
        return value;
      }
      names.add(of(value));
    }
    String choices = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    throw new IllegalArgumentException(field + " must be " + choices + ", got " + name);
  }
}
