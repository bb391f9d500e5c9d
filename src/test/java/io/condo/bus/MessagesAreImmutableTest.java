package io.condo.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.condo.spec.ServiceSpec;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One message reaches its readers by reference on the local event bus: a reader that changed a
 * list or a JSON tree inside it would change what every other reader (and the sender) sees. So
 * every record the bus carries, and the spec they carry, keeps its own copy of anything mutable:
 * changing what went in, or what came out, changes nothing inside.
 */
class MessagesAreImmutableTest {

  static Stream<Class<?>> records() {
    Stream<Class<?>> bus = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.condo.bus").stream().map(JavaClass::reflect).filter(Class::isRecord)
        .map(type -> (Class<?>) type);
    return Stream.concat(bus, Stream.of(ServiceSpec.class));
  }

  @ParameterizedTest
  @MethodSource("records")
  void changingWhatWentInOrCameOutChangesNothingInside(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = sample(components[i].getType());
    }
    Constructor<?> canonical = type.getDeclaredConstructor(
        Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    Object message = canonical.newInstance(args);
    for (int i = 0; i < components.length; i++) {
      if (!isMutable(components[i].getType())) {
        continue;
      }
      String name = type.getSimpleName() + "." + components[i].getName();
      Object before = components[i].getAccessor().invoke(message);
      change(args[i]);
      assertEquals(before, components[i].getAccessor().invoke(message), name + " follows what went in");
      change(before);
      assertEquals(sample(components[i].getType()), components[i].getAccessor().invoke(message),
          name + " follows what came out");
    }
  }

  static boolean isMutable(Class<?> type) {
    return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
        || type == JsonObject.class || JsonNode.class.isAssignableFrom(type);
  }

  /** An empty value of each mutable kind, something plain for the rest. */
  static Object sample(Class<?> type) {
    if (type == List.class || type == Collection.class) {
      return new ArrayList<>();
    }
    if (Map.class.isAssignableFrom(type)) {
      return new TreeMap<>();
    }
    if (type == JsonObject.class) {
      return new JsonObject();
    }
    if (type == ObjectNode.class) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (type == String.class) {
      return "text";
    }
    if (type == Instant.class) {
      return Instant.EPOCH;
    }
    if (type == Path.class) {
      return Path.of("/specs/web.edn");
    }
    if (type == int.class || type == long.class) {
      return type == int.class ? (Object) 0 : (Object) 0L;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    return null;
  }

  /** Changes a mutable value, if it lets itself be changed (an unmodifiable copy out is as good). */
  @SuppressWarnings("unchecked")
  static void change(Object value) {
    try {
      if (value instanceof List<?> list) {
        ((List<Object>) list).add("changed");
      } else if (value instanceof Map<?, ?> map) {
        ((Map<Object, Object>) map).put("changed", null);
      } else if (value instanceof JsonObject json) {
        json.put("changed", true);
      } else if (value instanceof ObjectNode node) {
        node.put("changed", true);
      }
    } catch (UnsupportedOperationException e) {
      // nothing changed: what matters is below
    }
  }
}
