package io.keyrotation.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** deploy/ rendered by {@code kubectl kustomize}, as {@code kubectl apply -k deploy/} would apply it. */
public final class RenderedDeploy {
  private RenderedDeploy() {}

  public static List<HasMetadata> render() {
    try {
      Process process = new ProcessBuilder("kubectl", "kustomize", "../deploy").redirectErrorStream(false).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize deploy/ failed: " + err);
      }
      return Serialization.unmarshal(out);
    } catch (IOException e) {
      throw new AssertionError("kubectl is needed to render deploy/ (make test installs it): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
