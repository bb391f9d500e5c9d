package io.condo.cli;

import io.condo.config.CondoConfig;
import io.condo.config.ConfigLoader;
import io.condo.config.Setting;
import io.condo.persist.StateLock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code condo} command. */
@Command(name = "condo", mixinStandardHelpOptions = true, versionProvider = Condo.Version.class,
    sortOptions = false, usageHelpAutoWidth = true, subcommands = {WaitForCommand.class, SecretCommand.class, CheckCommand.class, HandoverCommand.class,
        PlanCommand.class, WarmUpCommand.class},
    description = "Keeps exactly the Docker containers described by the spec files (<name>.edn) in the "
        + "PREFIX directories running, deploys new versions, and serves its state over HTTP. Every option "
        + "can also be set by environment (CONDO_*) or in a JSON configuration file (--config).")
public final class Condo implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** From the top of {@code main}: the start's steps, logged once it has started. */
  static final StartTimeline START = StartTimeline.begin();

  public static void main(String[] args) {
    CommandSpec condo = CommandSpec.forAnnotatedObject(new Condo());
    SettingOptions.declare(condo, Setting.values());
    SettingOptions.declare(condo.subcommands().get("plan").getCommandSpec(), Setting.STATE, Setting.PREFIXES);
    CommandLine commandLine = new CommandLine(condo);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("condo: " + e.getMessage());
      return 2;
    });
    // Always: a command's threads (a training run's, a client's) never keep the JVM from exiting.
    System.exit(commandLine.execute(args));
  }

  @Override
  public Integer call() {
    START.step("command line");
    CondoConfig resolved = new ConfigLoader(SettingOptions.given(spec, Setting.values()), System.getenv()).load();
    START.step("config");
    // Before anything else: a second Condo on this state must not even join the fleet.
    StateLock lock = StateLock.acquire(resolved.state(), resolved.host());
    START.step("lock");
    Runtime runtime = Runtime.getRuntime();
    CondoApp app = CondoApp.start(resolved, lock, START);
    runtime.addShutdownHook(new Thread(app::shutdown, "condo-shutdown"));
    app.awaitTermination();
    return 0;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"condo " + CondoVersion.of()};
    }
  }
}
