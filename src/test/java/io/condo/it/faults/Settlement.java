package io.condo.it.faults;

import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.DockerProbe;
import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.bus.PersistedState;
import io.condo.persist.StateFile;
import io.condo.spec.ServiceSpec;
import io.condo.spec.SpecException;
import io.condo.spec.SpecParser;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Whether one Condo instance has settled on its spec files, judged from three independent views:
 * its state file, its state API and Docker. Settled means every service is at rest (Stable,
 * TryAgain or TryAgainNext) on exactly the spec its file holds, deleted services are gone, and
 * Docker holds exactly the containers the state names — no more (orphans), no fewer.
 */
public final class Settlement {

  /** What was seen: {@code differences} empty means settled; {@code tooMany} is never allowed. */
  public record Verdict(List<String> differences, List<String> tooMany) {

    public boolean settled() {
      return differences.isEmpty();
    }
  }

  private final DockerProbe docker = DockerProbe.get();
  private final CondoProcess condo;
  private final Path specs;

  public Settlement(CondoProcess condo, Path specs) {
    this.condo = condo;
    this.specs = specs;
  }

  /** One consistent sample: the state file did not change while Docker and the API were read. */
  public Verdict judge() throws IOException {
    byte[] before = Files.readAllBytes(condo.stateFile());
    PersistedState state = StateFile.parse(before);
    Map<String, List<JsonObject>> containers = new HashMap<>();
    for (JsonObject c : docker.containers("condo.instance=" + state.instanceId())) {
      containers.computeIfAbsent(c.getJsonObject("Labels").getString("condo.service"), s -> new ArrayList<>()).add(c);
    }
    JsonObject api = condo.state().getJsonObject("services");
    if (!Arrays.equals(before, Files.readAllBytes(condo.stateFile()))) {
      return new Verdict(List.of("the state changed while sampled"), List.of());
    }
    Map<String, ServiceSpec> wanted = specsOnDisk();
    Set<String> services = new TreeSet<>(wanted.keySet());
    services.addAll(state.services().keySet());
    services.addAll(containers.keySet());
    List<String> differences = new ArrayList<>();
    List<String> tooMany = new ArrayList<>();
    for (String service : services) {
      PersistedState.ServiceRecord record = state.services().get(service);
      Snapshot snapshot = record == null ? new Snapshot.Init() : record.snapshot();
      List<JsonObject> held = containers.getOrDefault(service, List.of());
      if (held.size() > 2) {
        tooMany.add(service + " has " + held.size() + " containers in Docker while " + snapshot.stateName());
      }
      String problem = difference(service, snapshot, wanted.get(service), held, api.getJsonObject(service));
      if (problem != null) {
        differences.add(service + ": " + problem);
      }
    }
    return new Verdict(differences, tooMany);
  }

  private static String difference(String service, Snapshot snapshot, ServiceSpec wanted, List<JsonObject> held,
                                   JsonObject api) {
    String apiState = api == null ? "Init" : api.getString("state");
    if (!apiState.equals(snapshot.stateName())) {
      return "the API says " + apiState + ", the state file " + snapshot.stateName();
    }
    ServiceSpec desired = desired(snapshot);
    if (wanted == null && !(snapshot instanceof Snapshot.Init)) {
      return "its file is gone but it is " + snapshot.stateName();
    }
    if (wanted != null && (desired == null || !desired.sameBodyAs(wanted))) {
      return snapshot.stateName() + " is not at rest on its file's spec";
    }
    Set<String> expected = new TreeSet<>();
    if (snapshot instanceof Stable s) {
      expected.add(s.current().id());
    } else if (snapshot instanceof TryAgainNext t) {
      expected.add(t.stable().id());
    }
    Set<String> inDocker = new TreeSet<>();
    for (JsonObject c : held) {
      inDocker.add(c.getString("Id"));
      if (expected.contains(c.getString("Id")) && !"running".equals(c.getString("State"))) {
        return "its container " + c.getString("Id").substring(0, 12) + " is " + c.getString("State");
      }
    }
    if (!expected.equals(inDocker)) {
      return "the state names " + shortIds(expected) + ", Docker holds " + shortIds(inDocker);
    }
    return null;
  }

  /** The spec a snapshot at rest is on, or null while it is still deploying. */
  public static ServiceSpec desired(Snapshot snapshot) {
    boolean atRest = snapshot instanceof Stable || snapshot instanceof TryAgain || snapshot instanceof TryAgainNext;
    return atRest ? snapshot.desiredSpec() : null;
  }

  /** The containers a snapshot keeps serving whatever happens to its deploy. */
  public static List<Container> serving(Snapshot snapshot) {
    if (snapshot instanceof Stable s) {
      return List.of(s.current());
    }
    if (snapshot instanceof Snapshot.WaitNext w) {
      return List.of(w.stable());
    }
    if (snapshot instanceof TryAgainNext t) {
      return List.of(t.stable());
    }
    return List.of();
  }

  public Map<String, ServiceSpec> specsOnDisk() throws IOException {
    Map<String, ServiceSpec> wanted = new HashMap<>();
    try (Stream<Path> files = Files.list(specs)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".edn")).toList()) {
        String name = file.getFileName().toString();
        try {
          wanted.put(name.substring(0, name.length() - 4), SpecParser.parse(file, Files.readAllBytes(file)));
        } catch (SpecException e) {
          throw new IllegalStateException("the test wrote a bad spec: " + e.getMessage(), e);
        }
      }
    }
    return wanted;
  }

  private static List<String> shortIds(Set<String> ids) {
    return ids.stream().map(id -> id == null ? "(no id yet)" : id.substring(0, 12)).toList();
  }
}
