package io.keyrotation.operator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gauges one resource's status stands for, in the style of cert-manager's
 * {@code certmanager_certificate_expiration_timestamp_seconds}. Read from the status as it is
 * stored (JSON field names, as in the CRD), so this follows the status records without compiling
 * against each of their fields. Labels are closed sets; key names, ids, versions and hints are
 * never read.
 */
final class StatusSeries {
  static final String CONDITION = "keyrotation_resource_condition";
  static final String NEXT_ROTATION = "keyrotation_next_rotation_timestamp_seconds";
  static final String LAST_ROTATION = "keyrotation_last_rotation_timestamp_seconds";
  static final String ROTATION_IN_PROGRESS = "keyrotation_rotation_in_progress";
  static final String ROTATION_STEP = "keyrotation_rotation_step";
  static final String FAILED_ATTEMPTS = "keyrotation_step_failed_attempts";
  static final String ACTIVE_KEY_CREATED = "keyrotation_tde_active_key_created_timestamp_seconds";
  static final String PREVIOUS_KEYS = "keyrotation_tde_previous_keys";
  static final String SECRET_EXPIRATION = "keyrotation_client_secret_expiration_timestamp_seconds";
  static final String RESTART_PENDING = "keyrotation_sqlserver_restart_pending";
  static final String BACKUP_LAST_SUCCESS = "keyrotation_backup_last_success_timestamp_seconds";
  static final String BACKUP_LAST_SCHEDULE = "keyrotation_backup_last_schedule_timestamp_seconds";
  static final String BACKUP_NEXT_SCHEDULE = "keyrotation_backup_next_schedule_timestamp_seconds";
  static final String BACKUP_RUNNING = "keyrotation_backup_run_in_progress";
  static final String BACKUP_LAST_RUN_KEYS = "keyrotation_backup_last_run_keys";
  static final String BACKUP_MISSED = "keyrotation_backup_missed_schedules";
  static final String STANDBY_READY = "keyrotation_backup_standby_ready";
  static final String STANDBY_KEYS_MISSING = "keyrotation_backup_standby_keys_missing";

  /** Every series name above: registered once for all resources. */
  static final List<String> NAMES = List.of(CONDITION, NEXT_ROTATION, LAST_ROTATION, ROTATION_IN_PROGRESS, ROTATION_STEP,
      FAILED_ATTEMPTS, ACTIVE_KEY_CREATED, PREVIOUS_KEYS, SECRET_EXPIRATION, RESTART_PENDING, BACKUP_LAST_SUCCESS,
      BACKUP_LAST_SCHEDULE, BACKUP_NEXT_SCHEDULE, BACKUP_RUNNING, BACKUP_LAST_RUN_KEYS, BACKUP_MISSED, STANDBY_READY,
      STANDBY_KEYS_MISSING);

  static final Set<String> CONDITION_STATUSES = Set.of("True", "False", "Unknown");
  /** Condition types and step names become label values only when they are plain words (a closed set). */
  private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z]{1,63}");
  private static final Pattern KEY_COUNT = Pattern.compile("keys[A-Z][A-Za-z]{0,30}");

  private StatusSeries() {}

  static Map<Series, Double> of(String kind, JsonNode status) {
    Map<Series, Double> out = new LinkedHashMap<>();
    if (status == null || status.isNull()) {
      return out;
    }
    for (JsonNode condition : status.path("conditions")) {
      String type = condition.path("type").asText("");
      String current = condition.path("status").asText("");
      if (!LABEL_VALUE.matcher(type).matches()) {
        continue;
      }
      for (String value : CONDITION_STATUSES) {
        out.put(new Series(CONDITION, Map.of("condition", type, "status", value)), value.equals(current) ? 1.0 : 0.0);
      }
    }
    switch (kind) {
      case "TdeKeyPolicy" -> tde(status, out);
      case "ServicePrincipalRotation" -> principal(status, out);
      case "VaultBackupSchedule" -> backup(status, out);
      default -> { }
    }
    return out;
  }

  private static void tde(JsonNode status, Map<Series, Double> out) {
    timestamp(out, ACTIVE_KEY_CREATED, status.path("activeKey").path("createdTime"));
    out.put(Series.of(PREVIOUS_KEYS), (double) status.path("previousKeys").size());
    rotation(status, out);
  }

  private static void principal(JsonNode status, Map<Series, Double> out) {
    timestamp(out, SECRET_EXPIRATION, status.path("currentSecret").path("endDateTime"));
    rotation(status, out);
    long pending = 0;
    for (JsonNode target : status.path("rotation").path("targets")) {
      if ("SqlServerCredential".equals(target.path("kind").asText()) && "Updated".equals(target.path("state").asText())) {
        pending++;
      }
    }
    out.put(Series.of(RESTART_PENDING), (double) pending);
  }

  private static void rotation(JsonNode status, Map<Series, Double> out) {
    timestamp(out, NEXT_ROTATION, status.path("nextRotationTime"));
    timestamp(out, LAST_ROTATION, status.path("lastRotationTime"));
    JsonNode rotation = status.path("rotation");
    boolean running = rotation.isObject();
    out.put(Series.of(ROTATION_IN_PROGRESS), running ? 1.0 : 0.0);
    String step = rotation.path("step").asText("");
    if (running && LABEL_VALUE.matcher(step).matches()) {
      out.put(Series.of(ROTATION_STEP, "step", step), 1.0);
    }
    out.put(Series.of(FAILED_ATTEMPTS), running ? rotation.path("failedAttempts").asDouble(0) : 0.0);
  }

  private static void backup(JsonNode status, Map<Series, Double> out) {
    timestamp(out, BACKUP_LAST_SUCCESS, status.path("lastSuccessfulTime"));
    timestamp(out, BACKUP_LAST_SCHEDULE, status.path("lastScheduleTime"));
    timestamp(out, BACKUP_NEXT_SCHEDULE, status.path("nextScheduleTime"));
    JsonNode active = status.path("activeRun");
    out.put(Series.of(BACKUP_RUNNING), active.isObject() ? 1.0 : 0.0);
    out.put(Series.of(FAILED_ATTEMPTS), active.isObject() ? active.path("retries").asDouble(0) : 0.0);
    if (active.isObject() && LABEL_VALUE.matcher(active.path("step").asText("")).matches()) {
      out.put(Series.of(ROTATION_STEP, "step", active.path("step").asText()), 1.0);
    }
    // Every keys<Outcome> count of the last run (keysBackedUp, keysFailed, ...): result = the suffix.
    status.path("lastRun").fields().forEachRemaining(field -> {
      if (KEY_COUNT.matcher(field.getKey()).matches() && field.getValue().isNumber()) {
        String result = Character.toLowerCase(field.getKey().charAt(4)) + field.getKey().substring(5);
        out.put(Series.of(BACKUP_LAST_RUN_KEYS, "result", result), field.getValue().asDouble());
      }
    });
    if (status.path("missedSchedules").isNumber()) {
      out.put(Series.of(BACKUP_MISSED), status.path("missedSchedules").asDouble());
    }
    JsonNode standby = status.path("standbyReadiness");
    if (standby.isArray() && !standby.isEmpty()) {
      long missing = 0;
      long unusable = 0;
      for (JsonNode entry : standby) {
        if (!entry.path("presentInStandby").asBoolean(false)) {
          missing++;
        } else if (entry.path("usableByEkm").isBoolean() && !entry.path("usableByEkm").asBoolean()) {
          // Present but the EKM identity cannot wrap/unwrap with it: a failover to it would fail.
          unusable++;
        }
      }
      out.put(Series.of(STANDBY_KEYS_MISSING), (double) missing);
      out.put(Series.of(STANDBY_READY), missing == 0 && unusable == 0 ? 1.0 : 0.0);
    }
  }

  private static void timestamp(Map<Series, Double> out, String name, JsonNode value) {
    if (!value.isTextual()) {
      return;
    }
    try {
      OffsetDateTime time = OffsetDateTime.parse(value.asText());
      out.put(Series.of(name), time.toInstant().toEpochMilli() / 1000.0);
    } catch (DateTimeParseException e) {
      // A value we cannot read is left out rather than exported wrong.
    }
  }
}
