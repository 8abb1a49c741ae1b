package io.keyrotation.sandbox.kubernetes;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test helpers shared by the stand-in's tests. */
final class StandInFixture {

  private StandInFixture() {
  }

  static Path testCrds() {
    try {
      return Path.of(StandInFixture.class.getResource("/kubernetes/crds").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static KubernetesStandIn startWithTestCrds() {
    KubernetesStandIn standIn = KubernetesStandIn.start();
    standIn.applyCrds(testCrds());
    return standIn;
  }
}
