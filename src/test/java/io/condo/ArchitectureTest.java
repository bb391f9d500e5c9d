package io.condo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.condo.bus.Addresses;
import io.condo.bus.MessageCodecs;
import io.condo.bus.Request;
import io.condo.bus.Requests;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering, as rules the build enforces: packages import each other without a circle; the
 * state machine, the spec parser and the planner are pure (nothing else of Condo's, no Vert.x,
 * no I/O framework); every message and its reply type lives in {@code bus}, as data; the read
 * model is made from messages alone; verticles know each other only through the event bus; no
 * source file grows past what one sitting can read.
 */
class ArchitectureTest {

  static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.condo");
  static final int MAX_LINES = 300;

  @Test
  void noPackageImportsOneThatImportsItBack() {
    slices().matching("io.condo.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theRootPackageHoldsNothingSoEveryClassIsInARoomTheCycleRuleSees() {
    noClasses().should().resideInAPackage("io.condo").check(MAIN);
  }

  @Test
  void theCommandLineDependsOnTheWiringAndNeverTheWiringOnTheCommandLine() {
    noClasses().that().resideInAPackage("io.condo.cli").and().doNotHaveSimpleName("Condo")
        .and().areNotNestedClasses().should().dependOnClassesThat().haveFullyQualifiedName("io.condo.cli.Condo")
        .check(MAIN);
  }

  @Test
  void theSpecParserDependsOnNothingElseOfCondos() {
    classes().that().resideInAPackage("io.condo.spec").should().onlyDependOnClassesThat()
        .resideInAnyPackage("io.condo.spec", "java..", "com.fasterxml.jackson..", "us.bpsm.edn..").check(MAIN);
  }

  @Test
  void theStateMachineDependsOnTheSpecAlone() {
    classes().that().resideInAPackage("io.condo.fsm").should().onlyDependOnClassesThat()
        .resideInAnyPackage("io.condo.fsm", "io.condo.spec", "java..", "com.fasterxml.jackson..").check(MAIN);
  }

  @Test
  void thePlannerIsPure() {
    noClasses().that().resideInAPackage("io.condo.plan").should().dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "com.github.dockerjava..", "java.net..", "io.condo.supervisor..",
            "io.condo.persist..")
        .orShould().dependOnClassesThat().belongToAnyOf(Requests.class, Addresses.class, MessageCodecs.class)
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Verticle").check(MAIN);
  }

  @Test
  void theMessagesAreDataAndDependOnlyOnTheDataTheyCarry() {
    classes().that().resideInAPackage("io.condo.bus").should().onlyDependOnClassesThat()
        .resideInAnyPackage("io.condo.bus", "io.condo.fsm", "io.condo.spec", "java..", "io.vertx.core",
            "io.vertx.core.eventbus..", "io.vertx.core.buffer..", "io.vertx.core.json..", "com.fasterxml.jackson..")
        .check(MAIN);
  }

  @Test
  void everyRequestAndItsReplyTypeLiveWithTheMessages() {
    classes().that().implement(Request.class).should().resideInAPackage("io.condo.bus").check(MAIN);
  }

  @Test
  void theReadModelIsMadeFromMessagesAndDataAlone() {
    classes().that().resideInAPackage("io.condo.view").should().onlyDependOnClassesThat()
        .resideInAnyPackage("io.condo.view", "io.condo.bus", "io.condo.fsm", "io.condo.spec", "java..",
            "io.vertx.core.json..")
        .check(MAIN);
  }

  @Test
  void verticlesKnowEachOtherOnlyThroughTheEventBus() {
    classes().that().areAssignableTo(VerticleBase.class).should(notDependOnAnotherVerticle()).check(MAIN);
  }

  /**
   * One path to the engine in a running Condo: the Docker worker (and the events reader) beside
   * DockerApi; everyone else sends the worker commands on the bus. The wiring makes the client,
   * and the hand-over helper, a process of its own without a bus, calls it directly.
   */
  @Test
  void onlyTheDockerPackageReachesTheEngine() {
    noClasses().that().resideOutsideOfPackages("io.condo.docker", "io.condo.cli")
        .and().doNotHaveFullyQualifiedName("io.condo.self.HandoverRun")
        .should().dependOnClassesThat().haveFullyQualifiedName("io.condo.docker.DockerApi")
        .because("verticles reach Docker through the worker's commands on the bus")
        .check(MAIN);
  }

  @Test
  void noMainSourceFileIsLongerThanOneSitting() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<String> tooLong = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > MAX_LINES)
          .map(f -> f + " (" + lines(f) + " lines)").toList();
      assertEquals(List.of(), tooLong, "main source files over " + MAX_LINES + " lines");
    }
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ArchCondition<JavaClass> notDependOnAnotherVerticle() {
    return new ArchCondition<>("not depend on another verticle") {
      @Override
      public void check(JavaClass verticle, ConditionEvents events) {
        verticle.getDirectDependenciesFromSelf().stream()
            .filter(d -> d.getTargetClass().isAssignableTo(VerticleBase.class))
            .filter(d -> !d.getTargetClass().equals(verticle) && !d.getTargetClass().getName().equals(VerticleBase.class.getName()))
            .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
      }
    };
  }
}
