package io.keyrotation.operator.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM options the operator runs with as deployed (deploy/deployment.yaml): its JAVA_TOOL_OPTIONS, and the
 * container's memory limit as the memory the JVM sizes its heap from ({@code -XX:MaxRAM}), so that a benchmark's
 * operator process has the deployed heap and collector settings rather than those of the machine it runs on.
 */
record DeployedJvm(String toolOptions, long memoryLimitBytes) {
  private static final Path MANIFEST = Path.of("..", "deploy", "deployment.yaml");

  static DeployedJvm read() throws IOException {
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      Deployment deployment = Serialization.unmarshal(in, Deployment.class);
      Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      String options = operator.getEnv().stream().filter(e -> "JAVA_TOOL_OPTIONS".equals(e.getName()))
          .map(EnvVar::getValue).findFirst().orElse("");
      Quantity limit = operator.getResources().getLimits().get("memory");
      return new DeployedJvm(options, Quantity.getAmountInBytes(limit).longValueExact());
    }
  }

  /** JAVA_TOOL_OPTIONS for a process outside a container: the deployed options, on the container's memory. */
  String asToolOptions() {
    return (toolOptions + " -XX:MaxRAM=" + memoryLimitBytes).trim();
  }
}
