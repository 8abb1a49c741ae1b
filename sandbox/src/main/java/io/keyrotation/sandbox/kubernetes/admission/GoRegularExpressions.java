package io.keyrotation.sandbox.kubernetes.admission;

import com.google.re2j.Pattern;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * {@code pattern} as the API server evaluates it: Go's regexp (RE2). With the JDK's engine, {@code $} also matches
 * before a final line break, so {@code "abc\n"} would pass {@code ^[a-z]+$} here and be refused by Kubernetes.
 */
final class GoRegularExpressions implements RegularExpressionFactory {

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return value -> pattern.matcher(value).find();
  }
}
