package io.condo.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {

  static final Path FILE = Path.of("/specs/web.edn");

  static ServiceSpec parse(String text) throws SpecException {
    return SpecParser.parse(FILE, text);
  }

  static SpecException error(String text) {
    return assertThrows(SpecException.class, () -> parse(text));
  }

  @Test
  void fullSpecBecomesDockerJsonWithKeyOrderKept() throws Exception {
    ServiceSpec spec = parse("""
        ; the web front
        {:spec {:Image "nginx:1.27"
                :Env ["A=1" "B=2"]
                :ExposedPorts {"80/tcp" {}}
                :HostConfig {:PortBindings {"80/tcp" [{:HostPort "8080"}]}
                             :RestartPolicy {:Name :always}}
                :Labels {:team "web"}
                :StopSignal nil
                :Tty false}
         :deploy [:After 5]
         :health-timeout 30
         :stop-timeout 3}
        """);
    assertEquals("{\"Image\":\"nginx:1.27\",\"Env\":[\"A=1\",\"B=2\"],\"ExposedPorts\":{\"80/tcp\":{}},"
        + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"8080\"}]},\"RestartPolicy\":{\"Name\":\"always\"}},"
        + "\"Labels\":{\"team\":\"web\"},\"StopSignal\":null,\"Tty\":false}", spec.body().toString());
    assertEquals(Deploy.after(5), spec.deploy());
    assertEquals(30, spec.healthTimeoutSeconds());
    assertEquals(3, spec.stopTimeoutSeconds());
    assertTrue(spec.hasRestartPolicy());
  }

  @Test
  void defaultsAreBeforeTenAndTen() throws Exception {
    ServiceSpec spec = parse("{:spec {:Image \"busybox\"}}");
    assertEquals(Deploy.BEFORE, spec.deploy());
    assertEquals(10, spec.healthTimeoutSeconds());
    assertEquals(10, spec.stopTimeoutSeconds());
    assertEquals(Optional.empty(), spec.fixedName());
    assertEquals(Healing.DEFAULT, spec.healing());
  }

  @Test
  void healingRulesAreReadAndWrittenBackAsTheFileSaysThem() throws Exception {
    ServiceSpec spec = parse("{:spec {:Image \"busybox\"} :on-failure [:Rollback 2] :on-unhealthy [:Replace 30]}");
    assertEquals(new Healing(2, 30), spec.healing());
    assertEquals("[:Rollback 2]", spec.healing().onFailure());
    assertEquals("[:Replace 30]", spec.healing().onUnhealthy());
    ServiceSpec plain = parse("{:spec {:Image \"busybox\"} :on-failure [:Retry] :on-unhealthy [:Report]}");
    assertEquals(Healing.DEFAULT, plain.healing());
    assertTrue(plain.sameBodyAs(spec), "healing rules are not part of the body: changing them redeploys nothing");
    assertFalse(plain.sameFileAs(spec));
  }

  @Test
  void aRolloutIsReadWithItsDefaultsAndIsAnOptionNotPartOfTheBody() throws Exception {
    ServiceSpec spec = parse("{:spec {:Image \"busybox\"} :rollout {:parallel 2 :pause 30}}");
    assertEquals(new Rollout(2, 30), spec.rollout());
    assertEquals("{:parallel 2 :pause 30}", spec.rollout().toString());
    assertEquals(new Rollout(1, 0), parse("{:spec {:Image \"busybox\"} :rollout {}}").rollout());
    ServiceSpec alone = parse("{:spec {:Image \"busybox\"}}");
    assertEquals(null, alone.rollout(), "absent: every host on its own");
    assertTrue(alone.sameBodyAs(spec));
    assertFalse(alone.sameFileAs(spec));
  }

  @Test
  void keyOrderWhitespaceCommentsAndNumberWidthDoNotChangeTheSpec() throws Exception {
    ServiceSpec a = parse("{:spec {:Image \"x:1\" :Cmd [\"a\"] :StopTimeout 5}}");
    ServiceSpec b = parse("{:spec {:StopTimeout 5, :Cmd [\"a\"] ; why\n :Image \"x:1\"} :stop-timeout 2}");
    assertTrue(a.sameBodyAs(b));
    assertFalse(a.sameBodyAs(parse("{:spec {:Image \"x:1\" :Cmd [\"b\"] :StopTimeout 5}}")));
  }

  @Test
  void syntaxErrorNamesFileLineAndColumn() {
    SpecException e = error("{:spec {:Image \"x:1\"\n :Cmd [\"a\" }}\n");
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith("/specs/web.edn:2:"), e.getMessage());
  }

  @Test
  void unknownKeyIsAnErrorAtItsLine() {
    SpecException e = error("{:spec {:Image \"x:1\"}\n :health_timeout 30}");
    assertEquals("/specs/web.edn:2:2: unknown key :health_timeout (allowed: :spec, :deploy, "
        + ":health-timeout, :stop-timeout, :on-failure, :on-unhealthy, :rollout)", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{:deploy [:Before]}                               | missing :spec",
      "{:spec {:Cmd [\"x\"]}}                            | :Image is required",
      "{:spec {:Image 3}}                                | :Image is required",
      "{:spec [1 2]}                                     | :spec must be a map",
      "{:spec {:Image \"x\"} :deploy [:After -1]}        | :deploy must be [:Before] or [:After n]",
      "{:spec {:Image \"x\"} :deploy [:Sideways]}        | :deploy must be",
      "{:spec {:Image \"x\"} :deploy :After}             | :deploy must be",
      "{:spec {:Image \"x\"} :health-timeout \"10\"}     | :health-timeout must be a whole number",
      "{:spec {:Image \"x\"} :health-timeout 0}          | :health-timeout must be a whole number",
      "{:spec {:Image \"x\"} :stop-timeout 1.5}          | :stop-timeout must be a whole number",
      "{:spec {:Image \"x\" :Name \"ab\"} :deploy [:After 1]} | :Name cannot be used with [:After 1]",
      "{:spec {:Image \"x\"} :on-failure [:Rollback 0]}    | 1:21: :on-failure must be [:Retry] or [:Rollback n] with n a whole number from 1 to 100, found a vector of 2 items",
      "{:spec {:Image \"x\"} :on-failure :Rollback}        | :on-failure must be [:Retry] or [:Rollback n]",
      "{:spec {:Image \"x\"} :on-failure [:Retry 3]}       | :on-failure must be",
      "{:spec {:Image \"x\"} :on-unhealthy [:Replace \"9\"]} | :on-unhealthy must be [:Report] or [:Replace n] with n a whole number from 1 to 86400",
      "{:spec {:Image \"x\"} :on-unhealthy [:Restart 9]}   | :on-unhealthy must be",
      "{:spec {:Image \"x\"} :rollout {:parallel 0}}      | 1:21: :rollout must be {:parallel n :pause s} with n from 1 to 1000",
      "{:spec {:Image \"x\"} :rollout {:pause -1}}        | :rollout must be",
      "{:spec {:Image \"x\"} :rollout {:paralel 2}}       | :rollout must be",
      "{:spec {:Image \"x\"} :rollout [:parallel 2]}      | :rollout must be",
      "{:spec {:Image \"x\" :Name \"bad name\"}}         | :Name must be a container name",
      "{:spec {:Image \"x\" :Cmd [foo]}}                 | 1:26: :spec.Cmd[0]: a bare word (an EDN symbol) is not a JSON value",
      "{:spec {:Image \"x\" 3 4}}                        | a map key must be a keyword or a string, found a whole number",
      "[:spec]                                           | expected a map",
      "''                                                | file is empty",
      "{:spec {:Image \"x\"}} {:spec {:Image \"y\"}}     | more than one value",
      "{:spec {:Image \"x\" :Image \"y\"}}               | twice",
  })
  void invalidSpecsSayWhy(String text, String reason) {
    SpecException e = error(text.equals("''") ? "" : text);
    assertTrue(e.getMessage().startsWith("/specs/web.edn"), e.getMessage());
    assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
  }

  @Test
  void nonUtf8AndHugeFilesAreRejected() {
    SpecException binary = assertThrows(SpecException.class,
        () -> SpecParser.parse(FILE, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}));
    assertTrue(binary.getMessage().contains("not valid UTF-8"));
    byte[] huge = ("{:spec {:Image \"x\" :Env [\"" + "a".repeat(SpecLimits.MAX_FILE_BYTES) + "\"]}}")
        .getBytes(StandardCharsets.UTF_8);
    assertTrue(assertThrows(SpecException.class, () -> SpecParser.parse(FILE, huge)).getMessage()
        .contains("the most a spec file may have"));
  }

  @Test
  void deepNestingIsAnErrorAtItsPlaceNotACrash() {
    for (int levels : new int[] {1_000, 100_000}) {
      String deep = "{:spec {:Image \"x\"\n :Cmd " + "[".repeat(levels) + "]".repeat(levels) + "}}";
      assertEquals("/specs/web.edn:2:37: nested deeper than 32 levels (the limit of a spec file)",
          error(deep).getMessage());
    }
  }

  @Test
  void formsEdnJavaReadsByRecursionOrSeparatesOtherwiseDoNotSlipPastTheLimits() {
    String x = "{:spec {:Image \"x\" ";
    assertTrue(error(x + ":Cmd [" + "#_1 ".repeat(100_000) + "1]}}").getMessage()
        .contains("more than 64 #_ or #tag forms"));
    assertTrue(error(x + ":Cmd " + "#a ".repeat(100_000) + "1}}").getMessage().contains("more than 64 #_ or #tag forms"));
    assertTrue(error(x + ";c\r:Cmd " + "[".repeat(1_000) + "]".repeat(1_000) + "}}").getMessage()
        .contains("nested deeper than 32 levels"));
    assertTrue(error(x + ":Memory\u00011e999999999M}}").getMessage().contains("an exponent beyond 308"));
    assertTrue(error(x + ";c\r:Memory " + "9".repeat(2_000) + "}}").getMessage().contains("more than 40 characters"));
  }

  @Test
  void locatingABareWordInAHugeFileIsLinear() {
    String word = "k".repeat(400_000);
    long start = System.nanoTime();
    SpecException e = error("{:spec {:Image \"x\" :Labels {:" + word + " " + word + "x}}}");
    assertTrue(e.getMessage().contains("a bare word"), e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  @Test
  void aBodyAtTheDepthLimitIsASpec() throws SpecException {
    int free = SpecLimits.MAX_DEPTH - 2;
    String deepest = "{:spec {:Image \"x\" :Cmd " + "[".repeat(free) + "1" + "]".repeat(free) + "}}";
    assertEquals("x", parse(deepest).image());
    error("{:spec {:Image \"x\" :Cmd " + "[".repeat(free + 1) + "]".repeat(free + 1) + "}}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1e999999999M       | a number with an exponent beyond 308",
      "-1E+400            | a number with an exponent beyond 308",
      "1e-999999999       | a number with an exponent beyond 308",
      "12345678901234567890123456789012345678901N | a number of more than 40 characters",
  })
  void hugeNumbersAreRefusedBeforeAnyValueIsBuilt(String number, String reason) {
    assertEquals("/specs/web.edn:1:26: " + reason + " (the limit of a spec file)",
        error("{:spec {:Image \"x\" :Cmd [" + number + "]}}").getMessage());
  }

  @Test
  void aNumberOfTwoThousandDigitsIsRefusedAtOnce() {
    String digits = "9".repeat(2_000);
    assertTrue(error("{:spec {:Image \"x\" :Memory " + digits + "}}").getMessage()
        .contains("a number of more than 40 characters"));
    assertTrue(error("{:spec {:Image \"x\" :Memory " + "9".repeat(1_000_000 - 40) + "}}").getMessage()
        .contains("a number of more than 40 characters"));
  }

  @Test
  void numbersAtTheLimitsAreSpecs() throws SpecException {
    ServiceSpec spec = parse("{:spec {:Image \"x\" :A 1.7976931348623157e308 :B 1e-308M :C 9223372036854775807 "
        + ":D 1234567890123456789012345678901234567890}}");
    assertEquals(4, spec.body().size() - 1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{:spec {:Image \"x\" :Env [DB_PASSWORD=hunter2]}}       | 1:26: :spec.Env[0]: a bare word",
      "{:spec {:Image \"x\" :Env [\"A=1\" hunter2]}}          | 1:32: :spec.Env[1]: a bare word",
      "{:spec {:Image \"x\" :Env [#hunter2 \"A\"]}}           | 1:26: :spec.Env[0]: a tagged value (#…) is not",
      "{:spec {:Image \"x\" :Memory 12hunter2}}                | invalid EDN: a number that cannot be read",
      "{:spec {:Image \"x\"} :deploy [:After hunter2]}         | found a vector of 2 items",
      "{:spec {:Image \"x\"} :health-timeout \"hunter2\"}      | found a string",
      "{:spec {:Image \"x\"} hunter2 1}                        | a top-level key is a bare word",
      "{:spec {:Image \"x\" :Labels #{\"hunter2\" \"hunter2\"}}} | a set has the same element twice",
      "{:spec {:Image \"x\" :Env [\\h hunter2]}}              | a bare word",
      "{:spec hunter2}                                         | :spec must be a map, found a bare word",
      "{:spec {:Image \"x\" :Env [\"hunter2\"}}               | 1:35: invalid EDN: a closing bracket that does not match",
      "{:spec {:Image \"x\" :Env [\"hunter2                   | invalid EDN: the file ends inside a string",
      "{:spec {:Image \"x\" :When #inst \"hunter2\"}}          | invalid EDN: a tagged value (#inst, #uuid) that cannot be read",
      "{:spec {:Image \"x\" :Env [##hunter2]}}                 | invalid EDN: a name that begins with a character EDN forbids",
  })
  void errorsSayWhereAndWhatKindButNeverTheValue(String text, String says) {
    String message = error(text).getMessage();
    assertTrue(message.contains(says), () -> "expected '" + says + "' in: " + message);
    assertFalse(message.contains("hunter2"), message);
  }

  @Test
  void selfEdnIsABareBodyCheckedAsASpecIs() throws SpecException {
    Path self = Path.of("/specs/self.edn");
    ServiceSpec spec = SpecParser.parseSelf(self, "{:Image \"condo:2\" :Env [\"A=1\"]}".getBytes(StandardCharsets.UTF_8));
    assertEquals("condo:2", spec.image());
    assertEquals("/specs/self.edn: :Image is required and must be a non-empty string",
        assertThrows(SpecException.class, () -> SpecParser.parseSelf(self,
            "{:Env [\"A=1\"]}".getBytes(StandardCharsets.UTF_8))).getMessage());
    assertTrue(assertThrows(SpecException.class, () -> SpecParser.parseSelf(self,
        "{:spec {:Image \"condo:2\"}}".getBytes(StandardCharsets.UTF_8))).getMessage().contains(":Image is required"));
  }

  @ParameterizedTest
  @CsvSource({"nginx.edn,nginx", "a.b-c_d.edn,a.b-c_d", ".#nginx.edn,", "nginx.edn~,", "nginx.edn.swp,",
      "nginx.edn.tmp,", "nginx.edn.ctmpl,", ".hidden.edn,", "self.edn,", "nginx.EDN,", ".edn,"})
  void onlyPlainEdnFilesAreServices(String fileName, String service) {
    assertEquals(Optional.ofNullable(service), SpecFileNames.serviceOf(fileName));
  }
}
