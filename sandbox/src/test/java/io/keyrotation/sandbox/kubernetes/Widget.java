package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** The test kind of {@code widgets.test.keyrotation.io.yaml}. */
@Group("test.keyrotation.io")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  public static class Spec {
    public String prefix;
    public String color;
    public Integer size;
    public Integer maxSize;
  }

  public static class Status {
    public String phase;
    public Long observedGeneration;
    public String message;
  }

  static Widget named(String name, String prefix) {
    Widget widget = new Widget();
    widget.getMetadata().setName(name);
    widget.getMetadata().setNamespace(KubernetesStandIn.DEFAULT_NAMESPACE);
    widget.setSpec(new Spec());
    widget.getSpec().prefix = prefix;
    return widget;
  }
}
