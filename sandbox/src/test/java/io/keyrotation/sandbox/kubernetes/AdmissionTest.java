package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Schema defaults, pruning, OpenAPI and CEL validation of custom resources, as a fabric8 client meets them. */
class AdmissionTest {

  private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
      .withGroup("test.keyrotation.io").withVersion("v1").withPlural("widgets").withKind("Widget").withNamespaced(true)
      .build();

  private static KubernetesStandIn standIn;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    standIn = StandInFixture.startWithTestCrds();
    client = standIn.client();
  }

  @AfterAll
  static void stop() {
    standIn.close();
  }

  private static Status refusal(ThrowableAssert.ThrowingCallable call) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call);
    assertThat(e).as("the request should have been refused").isNotNull();
    return e.getStatus();
  }

  /** The one cause about a field; the API server's fieldless note that CEL rules went unchecked is left aside. */
  private static StatusCause onlyCause(Status status) {
    assertThat(status.getCode()).isEqualTo(422);
    assertThat(status.getReason()).isEqualTo("Invalid");
    List<StatusCause> causes = status.getDetails().getCauses().stream().filter(c -> !"<nil>".equals(c.getField())).toList();
    assertThat(causes).hasSize(1);
    return causes.get(0);
  }

  @Test
  void createAppliesSchemaDefaultsAndStoresThem() {
    client.resource(Widget.named("defaulted", "abc")).create();

    Widget stored = client.resources(Widget.class).withName("defaulted").get();
    assertThat(stored.getSpec().color).isEqualTo("green");
    assertThat(stored.getSpec().size).isEqualTo(3);
  }

  @Test
  void rejectsPrefixLongerThan16WithFieldPath() {
    Status status = refusal(() -> client.resource(Widget.named("long", "a".repeat(17))).create());

    StatusCause cause = onlyCause(status);
    assertThat(cause.getField()).isEqualTo("spec.prefix");
    assertThat(cause.getReason()).isEqualTo("FieldValueTooLong");
    assertThat(status.getMessage()).isEqualTo(
        "Widget \"long\" is invalid: [spec.prefix: Too long: may not be longer than 16, <nil>: Invalid value: null: "
            + "some validation rules were not checked because the object was invalid; correct the existing errors to "
            + "complete validation]");
  }

  /** Go's regexp, as the API server: '$' is the end of the text, not also the place before a final line break. */
  @Test
  void rejectsATrailingLineBreakThatOnlyJavasDollarWouldLetThrough() {
    StatusCause cause = onlyCause(refusal(() -> client.resource(Widget.named("newline", "abc\n")).create()));

    assertThat(cause.getField()).isEqualTo("spec.prefix");
  }

  @Test
  void rejectsPrefixNotMatchingThePattern() {
    StatusCause cause = onlyCause(refusal(() -> client.resource(Widget.named("pattern", "Upper_case")).create()));

    assertThat(cause.getField()).isEqualTo("spec.prefix");
    assertThat(cause.getMessage()).isEqualTo(
        "Invalid value: \"Upper_case\": spec.prefix in body should match '^[a-z][a-z0-9-]*$'");
  }

  @Test
  void rejectsColorOutsideTheEnumAsNotSupported() {
    Widget widget = Widget.named("purple", "abc");
    widget.getSpec().color = "purple";

    StatusCause cause = onlyCause(refusal(() -> client.resource(widget).create()));

    assertThat(cause.getReason()).isEqualTo("FieldValueNotSupported");
    assertThat(cause.getMessage()).isEqualTo(
        "Unsupported value: \"purple\": supported values: \"red\", \"green\", \"blue\"");
  }

  @Test
  void rejectsMissingRequiredField() {
    Widget widget = Widget.named("no-prefix", null);

    StatusCause cause = onlyCause(refusal(() -> client.resource(widget).create()));

    assertThat(cause.getField()).isEqualTo("spec.prefix");
    assertThat(cause.getReason()).isEqualTo("FieldValueRequired");
  }

  @Test
  void rejectsSizeAboveMaximum() {
    Widget widget = Widget.named("huge", "abc");
    widget.getSpec().size = 101;

    StatusCause cause = onlyCause(refusal(() -> client.resource(widget).create()));

    assertThat(cause.getMessage()).isEqualTo(
        "Invalid value: 101: spec.size in body should be less than or equal to 100");
  }

  @Test
  void rejectsCrossFieldRuleWithTheRuleMessageOnTheRuleNode() {
    Widget widget = Widget.named("cross", "abc");
    widget.getSpec().size = 9;
    widget.getSpec().maxSize = 5;

    Status status = refusal(() -> client.resource(widget).create());

    StatusCause cause = onlyCause(status);
    assertThat(cause.getField()).isEqualTo("spec");
    assertThat(status.getMessage()).isEqualTo(
        "Widget \"cross\" is invalid: spec: Invalid value: \"object\": size must not exceed maxSize");
  }

  @Test
  void rejectsAnInvalidObjectName() {
    StatusCause cause = onlyCause(refusal(() -> client.resource(Widget.named("Bad_Name", "abc")).create()));

    assertThat(cause.getField()).isEqualTo("metadata.name");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Widget widget = Widget.named("many", "Bad");
    widget.getSpec().color = "pink";
    widget.getSpec().size = 0;

    Status status = refusal(() -> client.resource(widget).create());

    assertThat(status.getDetails().getCauses()).extracting(StatusCause::getField)
        .containsExactlyInAnyOrder("spec.prefix", "spec.color", "spec.size", "<nil>");
  }

  /**
   * As apiextensions-apiserver's hasBlockingErr: with a missing, mistyped, unsupported, too long or too many value,
   * CEL rules are not evaluated (they could not be, on such values) and a fieldless cause says so.
   */
  @Test
  void skipsCelRulesWhenTheObjectHasABlockingErrorAndSaysSo() {
    Widget widget = Widget.named("blocked", "abc");
    widget.getSpec().color = "pink";
    widget.getSpec().size = 9;
    widget.getSpec().maxSize = 3;

    Status status = refusal(() -> client.resource(widget).create());

    assertThat(status.getDetails().getCauses()).extracting(StatusCause::getField).containsExactly("spec.color", "<nil>");
    assertThat(status.getDetails().getCauses().get(1).getMessage()).isEqualTo("Invalid value: null: some validation "
        + "rules were not checked because the object was invalid; correct the existing errors to complete validation");
  }

  @Test
  void validatesTheResultOfAMergePatch() {
    client.resource(Widget.named("patched", "abc")).create();

    StatusCause cause = onlyCause(refusal(() -> client.resources(Widget.class).withName("patched")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"maxSize\":1}}")));

    assertThat(cause.getMessage()).contains("size must not exceed maxSize");
    assertThat(client.resources(Widget.class).withName("patched").get().getSpec().maxSize).isNull();
  }

  @Test
  void validatesTheResultOfAServerSideApply() {
    client.resource(Widget.named("applied", "abc")).create();
    Widget applied = Widget.named("applied", "abc");
    applied.getSpec().color = "black";

    StatusCause cause = onlyCause(refusal(() -> client.resource(applied).patch(new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("tests").withForce(true).build())));

    assertThat(cause.getField()).isEqualTo("spec.color");
  }

  @Test
  void validatesUpdates() {
    Widget created = client.resource(Widget.named("updated", "abc")).create();
    created.getSpec().size = -1;

    StatusCause cause = onlyCause(refusal(() -> client.resource(created).update()));

    assertThat(cause.getField()).isEqualTo("spec.size");
  }

  @Test
  void prunesUnknownSpecFieldsButKeepsUnknownStatusFieldsWhereTheSchemaPreservesThem() {
    client.resource(Widget.named("pruned", "abc")).create();
    client.resources(Widget.class).withName("pruned")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unknownField\":1}}");
    client.genericKubernetesResources(WIDGETS).withName("pruned").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Ready\",\"extra\":{\"a\":1}}}");

    Map<String, Object> stored = client.genericKubernetesResources(WIDGETS).withName("pruned").get()
        .getAdditionalProperties();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) stored.get("spec");
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) stored.get("status");
    assertThat(spec).doesNotContainKey("unknownField");
    assertThat(status).containsEntry("extra", Map.of("a", 1));
  }

  @Test
  void validatesStatusWritesAgainstTheStatusSchema() {
    client.resource(Widget.named("status-typed", "abc")).create();

    StatusCause cause = onlyCause(refusal(() -> client.resources(Widget.class).withName("status-typed")
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"observedGeneration\":\"one\"}}")));

    assertThat(cause.getField()).isEqualTo("status.observedGeneration");
    assertThat(cause.getReason()).isEqualTo("FieldValueTypeInvalid");
  }

  @Test
  void customResourceOfAKindNoCrdServesIsNotFound() {
    ResourceDefinitionContext gadgets = new ResourceDefinitionContext.Builder().withGroup("nothere.example.com")
        .withVersion("v1").withPlural("gadgets").withKind("Gadget").withNamespaced(true).build();
    Status status = refusal(() -> client.genericKubernetesResources(gadgets).resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
            .withApiVersion("nothere.example.com/v1").withKind("Gadget")
            .withNewMetadata().withName("g").withNamespace("default").endMetadata().build()).create());

    assertThat(status.getCode()).isEqualTo(404);
    assertThat(refusal(() -> client.genericKubernetesResources(gadgets).inNamespace("default").list()).getCode())
        .isEqualTo(404);
  }
}
