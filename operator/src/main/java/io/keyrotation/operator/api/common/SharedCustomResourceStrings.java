package io.keyrotation.operator.api.common;

import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * fabric8's {@link CustomResource} constructor computes its apiVersion, singular, plural, CRD name and scope afresh
 * for each object: five new strings (~300 bytes) in every copy of every resource the informer caches hold, the same
 * five for every object of a kind. Each resource class's constructor calls {@link #share} to replace them by one
 * shared copy each. fabric8 keeps them in private final fields without setters, hence reflection; were a field
 * renamed in a later fabric8, that field is left as it is (a memory cost only), and
 * {@code SharedCustomResourceStringsTest} fails.
 */
public final class SharedCustomResourceStrings {
  private static final List<Field> FIELDS = fields("apiVersion", "singular", "plural", "crdName", "scope");

  private SharedCustomResourceStrings() {}

  public static void share(CustomResource<?, ?> resource) {
    for (Field field : FIELDS) {
      try {
        Object value = field.get(resource);
        if (value instanceof String text) {
          field.set(resource, text.intern());
        }
      } catch (IllegalAccessException e) {
        return;
      }
    }
  }

  static List<String> sharedFieldNames() {
    return FIELDS.stream().map(Field::getName).toList();
  }

  private static List<Field> fields(String... names) {
    List<Field> found = new ArrayList<>();
    for (String name : names) {
      try {
        Field field = CustomResource.class.getDeclaredField(name);
        field.setAccessible(true);
        found.add(field);
      } catch (NoSuchFieldException | RuntimeException e) {
        // see the class comment
      }
    }
    return List.copyOf(found);
  }
}
