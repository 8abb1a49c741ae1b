package io.keyrotation.operator.metrics;

import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.status.ExternalCall;
import io.keyrotation.operator.status.ExternalCallTrace;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;

/**
 * Wraps a SQL Server gateway so each of its calls is counted and timed under its method name (a
 * closed set: the interface's methods). A proxy rather than a hand-written decorator, so a method
 * added to the gateway is measured without anyone touching this class.
 *
 * <p>Each call is traced for the step's log line under the same name, which says what kind of statement ran (never
 * its text, which may hold a secret). SQL Server has no request id; its error number is in the failure's message.
 */
public final class MeteredSqlServerGateway implements InvocationHandler {
  static final String SYSTEM = "sqlserver";
  private static final Set<String> LOCAL = Set.of("endpoint", "toString", "hashCode", "equals");

  private final SqlServerGateway target;

  private MeteredSqlServerGateway(SqlServerGateway target) {
    this.target = target;
  }

  public static SqlServerGateway wrap(SqlServerGateway target) {
    return (SqlServerGateway) Proxy.newProxyInstance(SqlServerGateway.class.getClassLoader(),
        new Class<?>[] {SqlServerGateway.class}, new MeteredSqlServerGateway(target));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (LOCAL.contains(method.getName()) || method.getDeclaringClass() == Object.class) {
      return invokeTarget(method, args);
    }
    String operation = method.getName();
    long started = System.nanoTime();
    String outcome = ExternalCalls.SUCCESS;
    try {
      return invokeTarget(method, args);
    } catch (GatewayException e) {
      outcome = e.reason().name();
      e.withCall(new ExternalCall(SYSTEM, operation, outcome, null, null));
      if (e.reason() == FailureReason.Throttled) {
        ExternalCalls.throttled(SYSTEM, operation);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      outcome = FailureReason.Unavailable.name();
      throw e;
    } finally {
      ExternalCalls.record(SYSTEM, operation, outcome, Duration.ofNanos(System.nanoTime() - started));
      ExternalCallTrace.record(new ExternalCall(SYSTEM, operation, outcome, null, null));
    }
  }

  private Object invokeTarget(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
