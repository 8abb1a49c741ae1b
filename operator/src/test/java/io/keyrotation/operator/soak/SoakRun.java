package io.keyrotation.operator.soak;

import io.keyrotation.operator.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.common.ResourceStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.engine.EkmKeyReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Plays a seed's plan against a {@link SoakWorld}: after every step the operator settles (rounds of
 * one reconcile per resource until a round changes no status, with a bound that fails the run) and
 * the key-safety invariants and database readability are checked; at the end, with the faults gone,
 * time passes until every resource is Ready (also bounded). A failure names the seed, the step and
 * every step before it, which is all a replay needs.
 */
final class SoakRun {
  static final int MAX_ROUNDS = 40;
  static final int MAX_CONVERGENCE_HOURS = 12;

  /** What a run did, for the test to assert on. */
  record Result(int stepsPlayed, int stepsSkipped, int reconciles, int operatorsStarted, List<String> readyConditions) {}

  private final long seed;
  private final List<SoakStep> plan;
  private final SoakWorld world;
  private final SoakResources resources;
  private final ManualClock clock = new ManualClock();
  private final List<String> log = new ArrayList<>();
  private DrivenOperator leader;
  private DrivenOperator standby;
  private int operatorsStarted;
  private int reconciles;
  private int skipped;
  private int crashCountdown;
  private boolean crashBeforeWrite;
  private boolean crashIsLeaderChange;
  private boolean onStandbyVault;

  SoakRun(long seed, List<SoakStep> plan, SoakWorld world) {
    this.seed = seed;
    this.plan = List.copyOf(plan);
    this.world = world;
    this.resources = new SoakResources(world);
  }

  Result play() {
    String current = "apply the three resources";
    try {
      leader = newOperator();
      standby = newOperator();
      log.add("world started; operators " + leader.name + " (leader) and " + standby.name);
      resources.applyAll();
      settleAndCheck(current);
      for (int i = 0; i < plan.size(); i++) {
        SoakStep step = plan.get(i);
        current = (i + 1) + ". " + step;
        String outcome = apply(step, i + 1);
        settleAndCheck(current + outcome);
      }
      current = "converge: faults cleared, time passes until every resource is Ready";
      converge();
      log.add(current + ": done");
      log.add("conditions:\n     " + String.join("\n     ", allConditions()));
      System.out.println("soak seed " + seed + ":\n  " + String.join("\n  ", log));
      return new Result(plan.size() - skipped, skipped, reconciles, operatorsStarted, readyConditions());
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(report(current, e), e);
    }
  }

  private String apply(SoakStep step, int number) {
    switch (step.type()) {
      case ROTATE_KEY_NOW -> resources.annotate(TdeKeyPolicy.class, SoakResources.POLICY, SoakResources.ROTATE_NOW, "k" + number);
      case BACKUP_NOW -> resources.annotate(VaultBackupSchedule.class, SoakResources.SCHEDULE, SoakResources.BACKUP_NOW,
          "b" + number);
      case ROTATE_CLIENT_SECRET -> resources.annotate(ServicePrincipalRotation.class, SoakResources.ROTATION,
          SoakResources.ROTATE_NOW, "s" + number);
      case ADVANCE_CLOCK -> {
        clock.advance(Duration.ofMinutes(step.first()));
        if (step.first() >= 60) {
          takeLogBackups();
        }
      }
      case RESTART_SQL_SERVERS -> {
        // A restart while the vault refuses the connector is an outage no operator can prevent (the databases
        // wait in RECOVERY_PENDING); the soak restarts SQL Server only once injected vault faults are over.
        world.primary().faults().clear();
        world.standby().faults().clear();
        restartSqlServers();
      }
      case KILL_OPERATOR, CHANGE_LEADER -> {
        crashCountdown = step.first();
        crashBeforeWrite = step.second() == 1;
        crashIsLeaderChange = step.type() == SoakStep.Type.CHANGE_LEADER;
      }
      case VAULT_FAULT -> vaultInUse().faults().failNext(null, step.second(), step.first());
      case SABOTAGE_DISABLE_KEY_IN_USE -> keysInUse().forEach(key -> vaultInUse().setEnabled(key, false));
      case GRAPH_FAULT -> world.graph.faults().failNext(null, step.second(), step.first(), 1);
      case SQL_DROPPED_CONNECTION -> {
        var faults = world.sql.get(step.first()).instance().faults();
        faults.dropConnectionAfterRequest(faults.requestCount() + step.second());
      }
      case FAILOVER_TO_STANDBY -> {
        if (onStandbyVault || !holdsEveryKeyInUse(world.standby())) {
          return skip();
        }
        resources.pointPolicyAt(world.standby(), "northeurope");
        onStandbyVault = true;
      }
      case FAIL_BACK -> {
        if (!onStandbyVault || !holdsEveryKeyInUse(world.primary())) {
          return skip();
        }
        resources.pointPolicyAt(world.primary(), "westeurope");
        onStandbyVault = false;
      }
      default -> throw new IllegalStateException("no action for " + step.type());
    }
    return "";
  }

  private String skip() {
    skipped++;
    return " (skipped: does not apply now)";
  }

  /** Microsoft's failover needs the keys restored into the other vault first; the soak fails over only then. */
  private boolean holdsEveryKeyInUse(KeyVaultStandIn vault) {
    return vault.keyNames().containsAll(keysInUse());
  }

  /** The vault keys any DEK or log VLF on any instance depends on. */
  private List<String> keysInUse() {
    return world.sql.stream().flatMap(s -> s.instance().keyReferences().stream())
        .map(EkmKeyReference::keyName).filter(Objects::nonNull).distinct().toList();
  }

  private KeyVaultStandIn vaultInUse() {
    return onStandbyVault ? world.standby() : world.primary();
  }

  /**
   * The DBA's hourly log backup job: SQL Server refuses a third change of a database encryption key
   * before a log backup (error 33122), and a rotation waits for it, as it would in production.
   */
  private void takeLogBackups() {
    world.sql.forEach(s -> SqlServerDemo.DATABASES.forEach(database -> s.instance().backUpLog(database)));
  }

  private void restartSqlServers() {
    world.sql.forEach(s -> s.instance().restart());
  }

  private void settleAndCheck(String step) {
    long started = System.nanoTime();
    int rounds = settle();
    check();
    // wall time for the reader of a failure or of make soak's output; nothing depends on it
    log.add(step + ": settled in " + rounds + " round(s), " + (System.nanoTime() - started) / 1_000_000 + " ms\n     "
        + SoakState.of(resources));
  }

  /** Rounds of one reconcile per resource until a round changes no stored status; the bound is a failure, not a hang. */
  private int settle() {
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      boolean changed = false;
      for (SoakKind kind : SoakKind.values()) {
        boolean dies = crashCountdown > 0 && --crashCountdown == 0;
        DrivenOperator.Outcome outcome = leader.reconcile(kind, !(dies && crashBeforeWrite));
        reconciles++;
        changed |= outcome.statusChanged() || outcome.again();
        if (outcome.failure() != null && !log.get(log.size() - 1).endsWith(outcome.failure())) {
          log.add("   " + kind + " reconcile failed: " + outcome.failure());
        }
        if (dies) {
          replaceLeader();
          changed = true;
        }
      }
      if (!changed) {
        return round;
      }
    }
    throw new AssertionError("the operator did not settle in " + MAX_ROUNDS + " rounds; " + String.join("; ", readyConditions()));
  }

  /** A crash: a new process takes over; a leader change: the warm standby leads and a new process stands by. */
  private void replaceLeader() {
    if (crashIsLeaderChange) {
      leader = standby;
      standby = newOperator();
      log.add("   leader change: " + leader.name + " leads");
    } else {
      leader = newOperator();
      log.add("   operator killed" + (crashBeforeWrite ? " before its status write" : "") + "; " + leader.name + " started");
    }
  }

  private DrivenOperator newOperator() {
    operatorsStarted++;
    return new DrivenOperator("operator-" + operatorsStarted, world.operatorClient(), world.operatorConfig(), clock,
        seed * 1_000 + operatorsStarted);
  }

  private void check() {
    world.invariants().assertHold();
    List<String> unreadable = world.unreadableDatabases();
    if (!unreadable.isEmpty()) {
      throw new AssertionError("databases not readable: " + unreadable);
    }
  }

  /** The faults cleared and any pending crash dropped; hours pass with log backups, and SQL Server restarts every other hour. */
  private void converge() {
    crashCountdown = 0;
    world.primary().faults().clear();
    world.standby().faults().clear();
    world.graph.faults().clear();
    world.sql.forEach(s -> s.instance().faults().clear());
    for (int hour = 0; hour <= MAX_CONVERGENCE_HOURS; hour++) {
      settle();
      check();
      if (allReady()) {
        return;
      }
      if (hour % 2 == 1) {
        restartSqlServers();
      }
      clock.advance(Duration.ofMinutes(61));
      takeLogBackups();
    }
    throw new AssertionError("not everything became Ready within " + MAX_CONVERGENCE_HOURS + " hours: "
        + String.join("; ", readyConditions()));
  }

  /** Ready, and nothing still running (a rotation or a backup run in progress is not an end state). */
  private boolean allReady() {
    return resources.all().stream().allMatch(r -> "True".equals(condition(r, "Ready").map(Condition::getStatus).orElse(null))
        && !"True".equals(condition(r, "Progressing").map(Condition::getStatus).orElse(null)));
  }

  /** Each resource's Ready condition, as "Kind name: True/Reason: message". */
  List<String> readyConditions() {
    return resources.all().stream().map(r -> r.getKind() + " " + r.getMetadata().getName() + ": "
        + ready(r).map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage()).orElse("no Ready condition")).toList();
  }

  /** Every condition of every resource, for a failure report (status holds no secret: the invariants check that). */
  private List<String> allConditions() {
    try {
      return resources.all().stream().flatMap(r -> ((ResourceStatus) r.getStatus()).conditions().stream()
          .map(c -> r.getKind() + " " + c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())).toList();
    } catch (RuntimeException e) {
      return List.of("(conditions not readable: " + e.getClass().getSimpleName() + ")");
    }
  }

  private static java.util.Optional<Condition> ready(CustomResource<?, ?> resource) {
    return condition(resource, "Ready");
  }

  private static java.util.Optional<Condition> condition(CustomResource<?, ?> resource, String type) {
    if (!(resource.getStatus() instanceof ResourceStatus status) || status.conditions() == null) {
      return java.util.Optional.empty();
    }
    return status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private String report(String failedAt, Throwable cause) {
    return "Soak run failed: seed " + seed + ", " + plan.size() + " actions, at: " + failedAt + "\n"
        + "Replay: make soak SEED=" + seed + " ACTIONS=" + plan.size() + "\n"
        + "Plan: " + plan.stream().map(SoakStep::toString).collect(Collectors.joining(" | ")) + "\n"
        + "Steps so far:\n  " + String.join("\n  ", log) + "\n"
        + "Conditions:\n  " + String.join("\n  ", allConditions()) + "\n"
        + "Failure: " + cause.getMessage();
  }
}
