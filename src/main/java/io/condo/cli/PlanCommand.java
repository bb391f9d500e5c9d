package io.condo.cli;

import io.condo.registry.RegistryCredentials;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.condo.config.ConfigLoader;
import io.condo.config.Setting;
import io.condo.docker.ContainerLabels;
import io.condo.docker.DockerApi;
import io.condo.bus.DockerReply.ContainerStatus;
import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import io.condo.bus.PersistedState;
import io.condo.persist.StateFile;
import io.condo.plan.DockerCalls;
import io.condo.plan.Forecast;
import io.condo.plan.StartPlan;
import io.condo.watch.SpecListing;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code condo plan}: what a Condo started now on this state and these directories would do. It
 * reads the state file, the spec files and Docker, and changes none of them: no lock is taken (it
 * works beside a running Condo), nothing is written, and Docker is only asked (GET).
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = "condo plan [-hV] [--json] [--state FILE] [PREFIX...]",
    description = "Prints what a Condo started now would do, per service: nothing, deploy, redeploy "
        + "(Before/After), remove, adopt or reclaim, with the Docker calls it would make. Reads the "
        + "spec files, the state file and Docker; changes nothing, and works beside a running Condo.")
final class PlanCommand implements Callable<Integer> {

  /** --state and the directories, declared by {@link Setting}: see {@link Condo#main}. */
  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Print JSON: {\"services\": {\"<name>\": {\"change\": ...}}}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ToolLogging.quiet();
    ConfigLoader settings = new ConfigLoader(SettingOptions.given(spec, Setting.STATE, Setting.PREFIXES), System.getenv());
    List<Path> dirs = settings.prefixes();
    Path stateFile = settings.state();
    StateFile.Reading reading = new StateFile(stateFile).peek();
    PersistedState persisted = reading.state();
    Map<String, Snapshot> snapshots = new TreeMap<>();
    List<ContainerStatus> owned = new ArrayList<>();
    if (persisted != null) {
      persisted.services().forEach((name, record) -> snapshots.put(name, record.snapshot()));
      try (DockerApi docker = DockerApi.fromEnvironment((operation, nanos, failed) -> { }, RegistryCredentials.none())) {
        docker.negotiate();
        for (String id : docker.listByLabels(ContainerLabels.instanceFilter(persisted.instanceId()))) {
          owned.add(docker.inspect(id));
        }
      }
    }
    Forecast.Result forecast = Forecast.of(snapshots, owned, SpecListing.read(dirs), Instant.now());
    if (json) {
      printJson(System.out, stateFile, reading, forecast);
    } else {
      printText(System.out, stateFile, reading, owned.size(), forecast);
    }
    return 0;
  }

  private static void printText(PrintStream out, Path stateFile, StateFile.Reading reading, int containers,
                                Forecast.Result forecast) {
    out.println(header(stateFile, reading, containers));
    forecast.services().forEach((name, f) -> {
      out.println(name + ": " + summary(f));
      f.actions().forEach(a -> DockerCalls.of(a).forEach(call -> out.println("    " + call)));
      f.then().forEach(a -> DockerCalls.of(a).forEach(call -> out.println("    then " + call)));
    });
    for (StartPlan.Removal orphan : forecast.orphans()) {
      out.println("orphan " + orphan.id() + (orphan.service() != null ? " (service " + orphan.service() + ")" : "")
          + ": remove");
      DockerCalls.of(orphan.action()).forEach(call -> out.println("    " + call));
    }
  }

  private static String header(Path stateFile, StateFile.Reading reading, int containers) {
    if (reading.state() == null) {
      return "state " + stateFile + ": none yet (a new instance; nothing in Docker is its own)";
    }
    return "state " + stateFile + ": instance " + reading.state().instanceId() + ", "
        + reading.state().services().size() + " services"
        + (reading.unreadable() != null ? " (unreadable: " + reading.unreadable()
        + "; a Condo would set it aside and take back what it can)" : "")
        + "; Docker has " + containers + " containers of this instance";
  }

  private static String summary(Forecast.ServiceForecast f) {
    StringBuilder s = new StringBuilder(switch (f.change()) {
      case NONE -> "nothing";
      case DEPLOY -> "deploy " + f.imageTo() + " " + f.deploy();
      case REDEPLOY -> "redeploy " + f.imageFrom() + " → " + f.imageTo() + " " + f.deploy();
      case REMOVE -> "remove";
    });
    s.append(" (").append(f.state() == null ? "new to the state" : "was " + f.state());
    if (!f.adopted().isEmpty()) {
      s.append("; adopts ").append(String.join(", ", f.adopted().stream().map(Container::shortId).toList()));
    }
    if (f.reclaimed() != null) {
      s.append("; reclaims ").append(Container.shortId(f.reclaimed())).append(", made from this file's spec");
    }
    s.append(')');
    if (f.error() != null) {
      s.append("; the file cannot be used, what runs is left as it is: ").append(f.error());
    }
    if (f.rolledBack() != null) {
      s.append("; rolled back at ").append(f.rolledBack().at()).append(": the file says ")
          .append(f.rolledBack().failed().image()).append(", which failed (").append(f.rolledBack().error())
          .append("); it is not tried again until the file changes");
    }
    return s.toString();
  }

  private static void printJson(PrintStream out, Path stateFile, StateFile.Reading reading, Forecast.Result forecast)
      throws Exception {
    Map<String, Object> services = new LinkedHashMap<>();
    forecast.services().forEach((name, f) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("change", f.change().name().toLowerCase());
      one.put("state", f.state());
      one.put("strategy", f.deploy() == null ? null : f.deploy().isAfter() ? "After" : "Before");
      one.put("image_from", f.imageFrom());
      one.put("image_to", f.imageTo());
      one.put("adopt", f.adopted());
      one.put("reclaim", f.reclaimed());
      one.put("error", f.error());
      one.put("calls", calls(f.actions()));
      one.put("then", calls(f.then()));
      one.put("rolled_back", f.rolledBack() == null ? null : Map.of("spec_image", f.rolledBack().failed().image(),
          "error", String.valueOf(f.rolledBack().error()), "at", f.rolledBack().at().toString()));
      services.put(name, one);
    });
    List<Map<String, Object>> orphans = new ArrayList<>();
    for (StartPlan.Removal orphan : forecast.orphans()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("id", orphan.id());
      one.put("service", orphan.service());
      one.put("calls", DockerCalls.of(orphan.action()));
      orphans.add(one);
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("state_file", stateFile.toString());
    all.put("instance", reading.state() == null ? null : reading.state().instanceId());
    all.put("state_file_error", reading.unreadable());
    all.put("services", services);
    all.put("orphans", orphans);
    out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
  }

  private static List<String> calls(List<Action> actions) {
    List<String> calls = new ArrayList<>();
    actions.forEach(a -> calls.addAll(DockerCalls.of(a)));
    return calls;
  }
}
