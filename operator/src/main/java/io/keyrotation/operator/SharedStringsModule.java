package io.keyrotation.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Short strings read from the API server, deduplicated as they are read. The informer caches hold
 * every resource of the fleet, and most of their strings repeat from one resource to the next
 * (namespace, API version, condition types, statuses and reasons, vault URLs, Secret key names):
 * one copy each instead of one per resource. Long strings are mostly unique (messages, key ids)
 * and are left alone. Interned strings are held weakly by the JVM: each goes with the last object
 * that refers to it.
 */
final class SharedStringsModule extends SimpleModule {
  static final int MAX_LENGTH = 64;

  SharedStringsModule() {
    super("keyrotation-shared-strings");
    addDeserializer(String.class, new SharedStringDeserializer());
  }

  private static final class SharedStringDeserializer extends StdScalarDeserializer<String> {
    SharedStringDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      return value != null && value.length() <= MAX_LENGTH ? value.intern() : value;
    }

    @Override
    public boolean isCachable() {
      return true;
    }
  }
}
