package io.condo.persist;

import io.condo.bus.PersistedState;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.condo.fsm.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state file: one JSON document, replaced atomically (temp file in the same directory, fsync,
 * rename, fsync of the directory), so a crash at any instant leaves the previous or the next state.
 * A file that cannot be read is moved aside and reported, never silently dropped.
 */
public final class StateFile {

  private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
  private static final Pattern INSTANCE_ID = Pattern.compile("\"instanceId\"\\s*:\\s*\"([0-9a-f]{6,64})\"");
  static final ObjectMapper JSON = mapper();

  private final Path path;

  public StateFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  /**
   * The instance id alone, written once beside the state: a state file destroyed beyond reading
   * still leaves the id, so the containers this instance labelled stay its own, never duplicated
   * by a new identity.
   */
  public Path idFile() {
    return path.resolveSibling(path.getFileName() + ".instance");
  }

  /** Reads the state, or starts a new one (new instance id) when there is none. */
  public PersistedState load() throws IOException {
    Files.createDirectories(path.getParent());
    if (!Files.exists(path)) {
      String remembered = rememberedId();
      PersistedState fresh = new PersistedState(remembered != null ? remembered : newInstanceId(), Map.of());
      write(fresh);
      rememberId(fresh.instanceId());
      LOG.info("new state file {} for instance {}", path, fresh.instanceId());
      return fresh;
    }
    OwnerOnly.restrict(path);
    OwnerOnly.restrict(idFile());
    byte[] bytes = Files.readAllBytes(path);
    try {
      PersistedState state = parse(bytes);
      rememberId(state.instanceId());
      return state;
    } catch (IOException e) {
      return setAside(bytes, e);
    }
  }

  /**
   * What a Condo starting now would find, read without writing anything and without the lock (a
   * running Condo replaces the file atomically, so a reader sees one whole version): the state; an
   * empty state for the remembered id when there is no file; an empty one, with why, when the file
   * cannot be read (a Condo would set it aside and reclaim). The id is null when none is known.
   */
  public Reading peek() throws IOException {
    if (!Files.exists(path)) {
      String remembered = rememberedId();
      return new Reading(remembered == null ? null : new PersistedState(remembered, Map.of()), null);
    }
    byte[] bytes = Files.readAllBytes(path);
    try {
      return new Reading(parse(bytes), null);
    } catch (IOException e) {
      String instanceId = recoveredId(bytes);
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      return new Reading(instanceId == null ? null : new PersistedState(instanceId, Map.of()), why);
    }
  }

  /** @param state null when no instance id is known; @param unreadable why the file cannot be read, or null */
  public record Reading(PersistedState state, String unreadable) {
  }

  private void rememberId(String instanceId) throws IOException {
    if (!instanceId.equals(rememberedId())) {
      DurableFile.write(idFile(), (instanceId + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The id of an unreadable state: the one remembered beside it, else one found in its bytes, else null. */
  private String recoveredId(byte[] bytes) {
    String remembered = rememberedId();
    if (remembered != null) {
      return remembered;
    }
    Matcher id = INSTANCE_ID.matcher(new String(bytes, StandardCharsets.UTF_8));
    return id.find() ? id.group(1) : null;
  }

  /** The id beside the state, or null when there is none that reads as one. */
  private String rememberedId() {
    try {
      String id = Files.readString(idFile()).trim();
      return id.matches("[0-9a-f]{6,64}") ? id : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The state a file's bytes hold; an IOException says why they are not a whole state. */
  public static PersistedState parse(byte[] bytes) throws IOException {
    PersistedState state = JSON.readValue(bytes, PersistedState.class);
    if (state.instanceId() == null || state.instanceId().isBlank()) {
      throw new IOException("no instanceId");
    }
    return state;
  }

  private PersistedState setAside(byte[] bytes, IOException cause) throws IOException {
    Path aside = path.resolveSibling(path.getFileName() + ".unreadable-" + Instant.now().toEpochMilli());
    Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
    OwnerOnly.restrict(aside);
    // Keep the instance id if it can be read, so the containers this instance owns stay its own.
    String recovered = recoveredId(bytes);
    String instanceId = recovered != null ? recovered : newInstanceId();
    LOG.error("state file {} cannot be read ({}); moved it to {} and starting from an empty state "
        + "for instance {}", path, cause.getMessage(), aside, instanceId);
    PersistedState fresh = new PersistedState(instanceId, Map.of());
    write(fresh);
    return fresh;
  }

  public void write(PersistedState state) throws IOException {
    DurableFile.write(path, JSON.writeValueAsBytes(state));
  }

  static String newInstanceId() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "state")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Snapshot.Init.class, name = "Init"),
      @JsonSubTypes.Type(value = Snapshot.Wait.class, name = "Wait"),
      @JsonSubTypes.Type(value = Snapshot.TryAgain.class, name = "TryAgain"),
      @JsonSubTypes.Type(value = Snapshot.Stable.class, name = "Stable"),
      @JsonSubTypes.Type(value = Snapshot.WaitNext.class, name = "WaitNext"),
      @JsonSubTypes.Type(value = Snapshot.TryAgainNext.class, name = "TryAgainNext"),
  })
  private interface SnapshotFormat {
  }

  private static ObjectMapper mapper() {
    SimpleModule time = new SimpleModule("instants");
    time.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
        out.writeString(value.toString());
      }
    });
    time.addDeserializer(Instant.class, new JsonDeserializer<>() {
      @Override
      public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
        return Instant.parse(in.getValueAsString());
      }
    });
    ObjectMapper mapper = new ObjectMapper()
        .registerModule(time)
        .addMixIn(Snapshot.class, SnapshotFormat.class)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // A body's decimals come back as written, not rounded to a double.
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(SerializationFeature.INDENT_OUTPUT);
    // Records are written as their components only, never as derived getters.
    mapper.setVisibility(PropertyAccessor.ALL, Visibility.NONE);
    mapper.setVisibility(PropertyAccessor.FIELD, Visibility.ANY);
    return mapper;
  }
}
