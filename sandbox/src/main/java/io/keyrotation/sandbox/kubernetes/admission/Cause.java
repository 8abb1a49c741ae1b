package io.keyrotation.sandbox.kubernetes.admission;

/**
 * One entry of a 422 answer's {@code details.causes}: the field path ({@code spec.key.namePrefix}), the reason
 * ({@code FieldValueInvalid}, {@code FieldValueRequired}, ...) and the message without the field
 * ({@code Invalid value: "x": ...}).
 */
public record Cause(String field, String reason, String message) {

  /**
   * What the API server adds instead of evaluating CEL rules when the object already has a blocking error
   * (apiextensions-apiserver's {@code hasBlockingErr}): rules could not be evaluated on such values.
   */
  static final Cause CEL_RULES_NOT_CHECKED = new Cause("<nil>", "FieldValueInvalid", "Invalid value: null: some "
      + "validation rules were not checked because the object was invalid; correct the existing errors to complete "
      + "validation");

  boolean blocksCelRules() {
    return switch (reason) {
      case "FieldValueRequired", "FieldValueNotSupported", "FieldValueTooLong", "FieldValueTooMany",
           "FieldValueTypeInvalid" -> true;
      default -> false;
    };
  }

  static Cause invalid(String field, String value, String detail) {
    return new Cause(field, "FieldValueInvalid", "Invalid value: " + value + ": " + detail);
  }

  static Cause required(String field, String detail) {
    return new Cause(field, "FieldValueRequired", "Required value" + (detail == null ? "" : ": " + detail));
  }
}
