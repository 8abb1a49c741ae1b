package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.blob.ArchivePath;
import io.keyrotation.operator.blob.ArchivedBackup;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which archives of one key retention removes, as a table: archives taken on days 1..count of November. */
class RetentionPlanTest {

  private static List<ArchivedBackup> days(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(day -> new ArchivedBackup(
        new ArchivePath("p", "kv", "k", Instant.parse(String.format("2026-11-%02dT02:00:00Z", day)), "0123456789abcdef"),
        List.of("v"), 1, "sha", 1)).toList();
  }

  @ParameterizedTest(name = "{0} archives, keepLast {1}, cutoff {2}: days {3} removed")
  @CsvSource(nullValues = "-", delimiter = '|', value = {
      "0 | 3 | -                    | ''",
      "1 | 1 | -                    | ''",
      "3 | 3 | -                    | ''",
      "5 | 3 | -                    | 1 2",
      "5 | 1 | -                    | 1 2 3 4",
      // maxAge drops what is older than the cutoff even within keepLast ...
      "5 | 5 | 2026-11-03T00:00:00Z | 1 2",
      // ... but never the newest, however old.
      "3 | 30 | 2026-12-31T00:00:00Z | 1 2",
      "1 | 30 | 2026-12-31T00:00:00Z | ''",
  })
  void removesBeyondKeepLastAndOlderThanMaxAgeButNeverTheNewest(int count, int keepLast, String cutoff, String removedDays) {
    List<ArchivedBackup> removed = RetentionPlan.toDelete(days(count), keepLast, Optional.ofNullable(cutoff).map(Instant::parse));

    List<Integer> expected = removedDays.isBlank() ? List.of()
        : java.util.Arrays.stream(removedDays.trim().split(" ")).map(Integer::valueOf).toList();
    assertThat(removed).extracting(a -> a.path().takenAt().atZone(java.time.ZoneOffset.UTC).getDayOfMonth())
        .containsExactlyElementsOf(expected);
  }
}
