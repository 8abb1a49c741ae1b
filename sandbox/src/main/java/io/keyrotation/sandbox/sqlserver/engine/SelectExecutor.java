package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import io.keyrotation.sandbox.sqlserver.engine.CatalogViews.View;
import io.keyrotation.sandbox.sqlserver.engine.CatalogViews.ViewArguments;
import io.keyrotation.sandbox.sqlserver.engine.Statement.Condition;
import io.keyrotation.sandbox.sqlserver.engine.Statement.Literal;
import io.keyrotation.sandbox.sqlserver.engine.Statement.Operand;
import io.keyrotation.sandbox.sqlserver.engine.Statement.ParameterRef;
import io.keyrotation.sandbox.sqlserver.engine.Statement.Select;
import io.keyrotation.sandbox.sqlserver.engine.Statement.SelectItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Evaluates a parsed SELECT against the catalog views: filter by equality, then project. */
final class SelectExecutor {
  private SelectExecutor() {}

  static StatementResult.Rows run(SqlServerInstance instance, Login login, String database, Select select,
      Map<String, Object> parameters) throws SqlServerError {
    if (select.source() == null) {
      return constants(select, parameters);
    }
    View view = CatalogViews.VIEWS.get(select.source());
    if (view == null) {
      throw SqlServerError.invalidObjectName(select.source());
    }
    if (view.function() && select.sourceArgument() == null) {
      throw new SqlServerError(216, 1, 16, "Parameters were not supplied for the function '" + select.source() + "'.");
    }
    if (!view.function() && select.sourceArgument() != null) {
      throw new SqlServerError(215, 1, 16,
          "Parameters supplied for object '" + select.source() + "' which is not a function. "
              + "If the parameters are intended as a table hint, a WITH keyword is required.");
    }
    if (select.source().startsWith("sys.dm_") && !select.source().equals("sys.dm_cryptographic_provider_properties")
        && !login.has("VIEW SERVER STATE")) {
      throw SqlServerError.viewServerStateDenied();
    }
    CatalogViews.requireSupported(select.source());
    List<Integer> projection = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    for (SelectItem item : select.items()) {
      if (item.column() == null) {
        throw SqlServerError.syntaxNear(String.valueOf(((Literal) item.literal()).value()));
      }
      int index = columnIndex(instance, select.source(), view, item.column());
      projection.add(index);
      columns.add(view.columns().get(index));
    }
    List<int[]> conditionColumns = new ArrayList<>();
    List<Object> conditionValues = new ArrayList<>();
    for (Condition condition : select.where()) {
      conditionColumns.add(new int[] {columnIndex(instance, select.source(), view, condition.column())});
      conditionValues.add(value(condition.value(), parameters));
    }
    Object argument = select.sourceArgument() == null ? null : value(select.sourceArgument(), parameters);
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> row : view.rows().apply(instance, new ViewArguments(database, argument, login))) {
      if (matches(row, conditionColumns, conditionValues)) {
        List<Object> projected = new ArrayList<>();
        projection.forEach(i -> projected.add(row.get(i)));
        rows.add(projected);
      }
    }
    return new StatementResult.Rows(columns, rows);
  }

  private static StatementResult.Rows constants(Select select, Map<String, Object> parameters) throws SqlServerError {
    List<Column> columns = new ArrayList<>();
    List<Object> row = new ArrayList<>();
    for (SelectItem item : select.items()) {
      if (item.column() != null) {
        throw SqlServerError.invalidColumnName(item.column());
      }
      Object value = value(item.literal(), parameters);
      boolean number = value instanceof Number;
      columns.add(new Column(item.alias(), number ? SqlType.INT : SqlType.NVARCHAR));
      row.add(number ? (Object) ((Number) value).intValue() : value);
    }
    return new StatementResult.Rows(columns, List.of(row));
  }

  private static int columnIndex(SqlServerInstance instance, String source, View view, String column)
      throws SqlServerError {
    if (!CatalogViews.columnExists(instance, source, column)) {
      throw SqlServerError.invalidColumnName(column);
    }
    for (int i = 0; i < view.columns().size(); i++) {
      if (view.columns().get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    throw SqlServerError.invalidColumnName(column);
  }

  private static Object value(Operand operand, Map<String, Object> parameters) throws SqlServerError {
    if (operand instanceof Literal literal) {
      return literal.value();
    }
    String name = ((ParameterRef) operand).name();
    if (!parameters.containsKey(name)) {
      throw new SqlServerError(137, 2, 15, "Must declare the scalar variable \"" + name + "\".");
    }
    return parameters.get(name);
  }

  private static boolean matches(List<Object> row, List<int[]> columns, List<Object> values) {
    for (int i = 0; i < columns.size(); i++) {
      if (!sqlEquals(row.get(columns.get(i)[0]), values.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Equality as SQL Server compares: NULL equals nothing, strings case-insensitively. */
  private static boolean sqlEquals(Object a, Object b) {
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return x.longValue() == y.longValue();
    }
    if (a instanceof Boolean x && b instanceof Number y) {
      return (x ? 1 : 0) == y.longValue();
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    return a.toString().toLowerCase(Locale.ROOT).equals(b.toString().toLowerCase(Locale.ROOT));
  }
}
