package io.condo.cli;

import io.condo.spec.SpecCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code condo check PATH...}: spec files validated exactly as a running Condo reads them. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validates spec files, or every <service>.edn in the given directories, exactly as a "
        + "running Condo reads them. Prints file:line:col: reason for each problem; exits 0 when "
        + "all are valid, 1 otherwise. For CI and pre-commit hooks.")
final class CheckCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Spec files or directories of spec files.")
  List<Path> paths;

  @Override
  public Integer call() {
    return run(paths, System.out, System.err);
  }

  static int run(List<Path> paths, PrintStream out, PrintStream err) {
    SpecCheck.Result result = SpecCheck.check(paths);
    result.problems().forEach(out::println);
    err.println("condo check: " + result.files() + (result.files() == 1 ? " spec file, " : " spec files, ")
        + (result.problems().isEmpty() ? "all valid" : result.problems().size()
        + (result.problems().size() == 1 ? " problem" : " problems")));
    return result.problems().isEmpty() ? 0 : 1;
  }
}
