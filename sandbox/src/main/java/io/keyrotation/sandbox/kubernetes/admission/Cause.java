package io.keyrotation.sandbox.kubernetes.admission;

/**
 * One entry of a 422 answer's {@code details.causes}: the field path ({@code spec.key.namePrefix}), the reason
 * ({@code FieldValueInvalid}, {@code FieldValueRequired}, ...) and the message without the field
 * ({@code Invalid value: "x": ...}).
 */
public record Cause(String field, String reason, String message) {

  static Cause invalid(String field, String value, String detail) {
    return new Cause(field, "FieldValueInvalid", "Invalid value: " + value + ": " + detail);
  }

  static Cause required(String field, String detail) {
    return new Cause(field, "FieldValueRequired", "Required value" + (detail == null ? "" : ": " + detail));
  }
}
