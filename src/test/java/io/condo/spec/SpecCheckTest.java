package io.condo.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCheckTest {

  static final String GOOD = "{:spec {:Image \"nginx:1.27\"}}\n";

  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Files.createDirectories(dir.resolve(name).getParent());
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aFolderOfValidSpecsIsValidAndEditorFilesAreNotSpecs() throws Exception {
    write("a/web.edn", GOOD);
    write("a/api.edn", GOOD);
    write("a/.#web.edn", "{");
    write("a/web.edn~", "{");
    write("a/web.edn.swp", "{");
    write("a/self.edn", "{:Image \"condo\"}");
    SpecCheck.Result result = SpecCheck.check(List.of(dir.resolve("a")));
    assertEquals(new SpecCheck.Result(2, List.of()), result);
  }

  @Test
  void everyProblemIsOneLineWithFileLineColumnAndReason() throws Exception {
    Path broken = write("a/broken.edn", "{:spec {:Image \"x\"}\n :health_timeout 5}\n");
    Path noImage = write("a/noimage.edn", "{:spec {:Cmd [\"x\"]}}");
    write("a/web.edn", GOOD);
    Path huge = write("a/huge.edn", " ".repeat(SpecLimits.MAX_FILE_BYTES + 1));
    SpecCheck.Result result = SpecCheck.check(List.of(dir.resolve("a")));
    assertEquals(4, result.files());
    assertEquals(List.of(
        broken + ":2:2: unknown key :health_timeout (allowed: :spec, :deploy, :health-timeout, :stop-timeout, :on-failure, :on-unhealthy, :rollout)",
        huge + ": file has more than " + SpecLimits.MAX_FILE_BYTES + " bytes, the most a spec file may have",
        noImage + ":1:2: :spec :Image is required and must be a non-empty string"), result.problems());
  }

  @Test
  void theFirstFolderOwnsAServiceAsInARunningCondo() throws Exception {
    Path first = write("a/web.edn", GOOD);
    Path second = write("b/web.edn", GOOD);
    SpecCheck.Result result = SpecCheck.check(List.of(dir.resolve("a"), dir.resolve("b")));
    assertEquals(List.of(second + ": service web is already defined by " + first + "; a running Condo ignores this file"),
        result.problems());
  }

  @Test
  void namedFilesAreCheckedAndMissingOnesAndNonSpecNamesAreProblems() throws Exception {
    Path good = write("web.edn", GOOD);
    Path notSpec = write("web.json", GOOD);
    Path badName = write("-web.edn", GOOD);
    Path dangling = dir.resolve("gone.edn");
    Files.createSymbolicLink(dangling, dir.resolve("nowhere.edn"));
    SpecCheck.Result result = SpecCheck.check(List.of(good, notSpec, badName, dangling, dir.resolve("missing")));
    assertEquals(List.of(
        notSpec + ": not a spec file: a spec file is <service>.edn, not hidden, and not self.edn",
        badName + ": the file name must be a valid container name: [a-zA-Z0-9][a-zA-Z0-9_.-]*.edn",
        dangling + ": cannot read: no such file",
        dir.resolve("missing") + ": no such file or directory"), result.problems());
    assertEquals(4, result.files());
  }
}
