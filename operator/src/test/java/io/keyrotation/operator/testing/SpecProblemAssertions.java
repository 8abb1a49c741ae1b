package io.keyrotation.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.validation.SpecProblem;
import java.util.List;

public final class SpecProblemAssertions {
  private SpecProblemAssertions() {}

  /** One of the problems is about {@code field} and its message contains {@code message}. */
  public static void assertHasProblem(String caseName, List<SpecProblem> problems, String field, String message) {
    assertThat(problems).as(caseName).anySatisfy(p -> {
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.message()).contains(message);
    });
  }
}
