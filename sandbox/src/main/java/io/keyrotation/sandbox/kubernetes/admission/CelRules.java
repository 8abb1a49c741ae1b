package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates {@code x-kubernetes-validations} rules with Google's CEL for Java: {@code self} is bound to the value at
 * the rule's schema node and {@code oldSelf} to the stored value for transition rules. The standard library, macros
 * and the strings extension are available; Kubernetes-only libraries (quantity, url, ip, lists) are not.
 */
final class CelRules {

  /** A rule's verdict: passed, failed, or could not be compiled or evaluated (with the error). */
  record Verdict(boolean passed, String error) {
  }

  private final Cel cel = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .addCompilerLibraries(CelExtensions.strings())
      .addRuntimeLibraries(CelExtensions.strings())
      .build();
  private final Map<String, Object> programs = new ConcurrentHashMap<>();

  Verdict evaluate(String rule, JsonNode self, JsonNode oldSelf) {
    Object program = programs.computeIfAbsent(rule, this::compile);
    if (program instanceof String compileError) {
      return new Verdict(false, "compilation failed: " + compileError);
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("self", toCel(self));
    if (oldSelf != null) {
      variables.put("oldSelf", toCel(oldSelf));
    }
    try {
      Object result = ((CelRuntime.Program) program).eval(variables);
      return new Verdict(Boolean.TRUE.equals(result), null);
    } catch (CelEvaluationException e) {
      return new Verdict(false, e.getMessage());
    }
  }

  static boolean isTransitionRule(String rule) {
    return rule.contains("oldSelf");
  }

  private Object compile(String rule) {
    try {
      CelAbstractSyntaxTree ast = cel.compile(rule).getAst();
      return cel.createProgram(ast);
    } catch (CelValidationException e) {
      return e.getMessage();
    } catch (CelEvaluationException e) {
      return e.getMessage();
    }
  }

  /** JSON to CEL's Java values: maps, lists, Long for integers, Double, String, Boolean. */
  static Object toCel(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), toCel(f.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
