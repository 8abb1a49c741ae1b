package io.keyrotation.operator.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One action of a soak run, with its parameters drawn from the seed. The whole plan is drawn before
 * the run starts, so that it depends on the seed alone; a step that does not apply to the world as it
 * then is (a failback while on the primary) is recorded as skipped.
 */
record SoakStep(Type type, int first, int second) {
  enum Type {
    ROTATE_KEY_NOW, BACKUP_NOW, ADVANCE_CLOCK, ROTATE_CLIENT_SECRET, RESTART_SQL_SERVERS, KILL_OPERATOR, CHANGE_LEADER,
    VAULT_FAULT, SQL_DROPPED_CONNECTION, GRAPH_FAULT, FAILOVER_TO_STANDBY, FAIL_BACK,
    /** Never drawn: someone disables the vault key the databases use, to prove that a broken promise fails the run. */
    SABOTAGE_DISABLE_KEY_IN_USE
  }

  /** The steps a plan is drawn from. */
  static final List<Type> DRAWN = java.util.Arrays.stream(Type.values()).filter(t -> t != Type.SABOTAGE_DISABLE_KEY_IN_USE).toList();

  static final int[] CLOCK_MINUTES = {5, 61, 6 * 60, 27 * 60, 4 * 24 * 60};
  static final int[] VAULT_STATUSES = {429, 503};
  static final int[] GRAPH_STATUSES = {429, 503};

  /** {@code actions} steps drawn from {@code seed}: the same seed always gives the same plan. */
  static List<SoakStep> plan(long seed, int actions) {
    Random random = new Random(seed);
    List<SoakStep> plan = new ArrayList<>();
    for (int i = 0; i < actions; i++) {
      Type type = DRAWN.get(random.nextInt(DRAWN.size()));
      plan.add(switch (type) {
        case ADVANCE_CLOCK -> new SoakStep(type, CLOCK_MINUTES[random.nextInt(CLOCK_MINUTES.length)], 0);
        // dies after reconcile 1..6 of the next settling; second: 1 = before its status write, 0 = after
        case KILL_OPERATOR, CHANGE_LEADER -> new SoakStep(type, 1 + random.nextInt(6), random.nextInt(2));
        case VAULT_FAULT -> new SoakStep(type, VAULT_STATUSES[random.nextInt(2)], 1 + random.nextInt(3));
        case GRAPH_FAULT -> new SoakStep(type, GRAPH_STATUSES[random.nextInt(2)], 1 + random.nextInt(2));
        // instance, and which of its next requests loses its connection after running
        case SQL_DROPPED_CONNECTION -> new SoakStep(type, random.nextInt(2), 1 + random.nextInt(8));
        default -> new SoakStep(type, 0, 0);
      });
    }
    return plan;
  }

  @Override
  public String toString() {
    return switch (type) {
      case ADVANCE_CLOCK -> "advance the clock " + first + " min";
      case KILL_OPERATOR -> "kill the operator after reconcile " + first + (second == 1 ? ", before its status write" : "");
      case CHANGE_LEADER -> "leader change after reconcile " + first + (second == 1 ? ", before its status write" : "");
      case VAULT_FAULT -> "the policy's vault answers " + first + " to its next " + second + " request(s)";
      case GRAPH_FAULT -> "Graph answers " + first + " to its next " + second + " request(s)";
      case SQL_DROPPED_CONNECTION -> "sql-" + first + " drops the connection after its request +" + second;
      case SABOTAGE_DISABLE_KEY_IN_USE -> "someone disables the vault key the databases use";
      default -> type.name().toLowerCase().replace('_', '-');
    };
  }
}
