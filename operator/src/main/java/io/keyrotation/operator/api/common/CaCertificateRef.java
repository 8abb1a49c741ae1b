package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A key, in a ConfigMap or a Secret in the resource's namespace, holding the PEM of the CA that issued a server certificate. */
@ValidationRule(value = "has(self.configMapName) != has(self.secretName)",
    message = "set exactly one of configMapName or secretName")
public record CaCertificateRef(
    @Size(max = 253) @Pattern(Formats.OBJECT_NAME)
    @JsonPropertyDescription("ConfigMap holding the CA certificate (a CA certificate is public; e.g. one trust-manager or kube-root-ca.crt provides).")
    String configMapName,
    @Size(max = 253) @Pattern(Formats.OBJECT_NAME)
    @JsonPropertyDescription("Secret holding the CA certificate, e.g. the ca.crt of a cert-manager certificate Secret.")
    String secretName,
    @Default("ca.crt") @Pattern(Formats.SECRET_KEY)
    @JsonPropertyDescription("Key holding one or more PEM certificates (-----BEGIN CERTIFICATE-----).")
    String key) {

  public CaCertificateRef {
    if (key == null) key = "ca.crt";
  }

  public static CaCertificateRef configMap(String name) {
    return new CaCertificateRef(name, null, null);
  }

  public static CaCertificateRef secret(String name) {
    return new CaCertificateRef(null, name, null);
  }

  /** "ConfigMap ns/name key 'k'", for messages. */
  public String describe(String namespace) {
    return (configMapName != null ? "ConfigMap " + namespace + "/" + configMapName
        : "Secret " + namespace + "/" + secretName) + " key '" + key + "'";
  }
}
