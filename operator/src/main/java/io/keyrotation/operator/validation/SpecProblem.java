package io.keyrotation.operator.validation;

/** One thing wrong with a spec: the field path as kubectl shows it, and what to do about it. */
public record SpecProblem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
