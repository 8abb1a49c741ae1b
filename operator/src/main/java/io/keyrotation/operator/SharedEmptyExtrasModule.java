package io.keyrotation.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Optional;

/**
 * Every object of fabric8's core model carries a map of the fields the API sent that the model does not know
 * ({@code additionalProperties}), created empty with each object: seven per TdeKeyPolicy in the informer cache (its
 * metadata and each status condition), about 56 bytes each, half a megabyte per thousand resources, all empty. Read
 * from the API, an empty one is replaced by one shared empty map. Nothing adds to those maps once an object is read
 * (Jackson fills them while reading, before this runs; fabric8's builders copy them into maps of their own).
 * Only fabric8's core model package, and not {@link GenericKubernetesResource}, whose fields all live in that map.
 */
final class SharedEmptyExtrasModule extends SimpleModule {
  private static final String MODEL_PACKAGE = ObjectMeta.class.getPackageName();

  SharedEmptyExtrasModule() {
    super("keyrotation-shared-empty-extras");
    setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                    JsonDeserializer<?> deserializer) {
        Class<?> type = description.getBeanClass();
        if (!MODEL_PACKAGE.equals(type.getPackageName()) || type == GenericKubernetesResource.class) {
          return deserializer;
        }
        return Extras.of(type).<JsonDeserializer<?>>map(extras -> new SharingEmptyExtras(deserializer, extras))
            .orElse(deserializer);
      }
    });
  }

  /** The getter and setter of a model class's additionalProperties. */
  private record Extras(MethodHandle getter, MethodHandle setter) {
    static Optional<Extras> of(Class<?> type) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return Optional.of(new Extras(
            lookup.findVirtual(type, "getAdditionalProperties", MethodType.methodType(Map.class)),
            lookup.findVirtual(type, "setAdditionalProperties", MethodType.methodType(void.class, Map.class))));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return Optional.empty();
      }
    }

    void shareIfEmpty(Object value) {
      try {
        Map<?, ?> extras = (Map<?, ?>) getter.invoke(value);
        if (extras != null && extras.isEmpty()) {
          setter.invoke(value, Map.of());
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final class SharingEmptyExtras extends DelegatingDeserializer {
    private final Extras extras;

    SharingEmptyExtras(JsonDeserializer<?> delegate, Extras extras) {
      super(delegate);
      this.extras = extras;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new SharingEmptyExtras(newDelegatee, extras);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      Object value = super.deserialize(parser, context);
      if (value != null) {
        extras.shareIfEmpty(value);
      }
      return value;
    }
  }
}
