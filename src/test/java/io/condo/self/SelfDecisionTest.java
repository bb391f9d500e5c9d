package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.condo.spec.Deploy;
import io.condo.spec.ServiceSpec;
import org.junit.jupiter.api.Test;

/** When a Condo replaces itself, and when it must not. */
class SelfDecisionTest {

  static final ServiceSpec V2 = ServiceSpec.of(JsonNodeFactory.instance.objectNode().put("Image", "condo:2"),
      Deploy.BEFORE, 10, 10);
  static final SelfIdentity BY_HAND = new SelfIdentity("c0ffee", "condo", "condo:1", null);

  @Test
  void aCondoStartedByHandDeploysItsFirstSelfEdn() {
    assertEquals(new SelfDecision.Deploy(V2), SelfDecision.of(BY_HAND, V2, null));
  }

  @Test
  void theBodyItWasStartedFromOrNoSelfEdnChangesNothing() {
    SelfIdentity fromV2 = new SelfIdentity("c0ffee", "condo", "condo:2", V2.bodyHash());
    assertEquals(new SelfDecision.Nothing(), SelfDecision.of(fromV2, V2, null));
    assertEquals(new SelfDecision.Nothing(), SelfDecision.of(BY_HAND, null, null));
  }

  @Test
  void aSelfEdnThatFailedIsNotTriedAgainUntilItChanges() {
    HandoverFiles.Failure failed = HandoverFiles.Failure.now(V2.bodyHash(), "the new Condo exited (exit 2)");
    assertEquals(new SelfDecision.Refuse("the new Condo exited (exit 2)"), SelfDecision.of(BY_HAND, V2, failed));
    HandoverFiles.Failure older = HandoverFiles.Failure.now("another hash", "boom");
    assertEquals(new SelfDecision.Deploy(V2), SelfDecision.of(BY_HAND, V2, older));
  }

  @Test
  void outsideAContainerItSaysItCannot() {
    SelfIdentity process = new SelfIdentity(null, null, null, null);
    assertEquals(new SelfDecision.Refuse("Condo does not run in a Docker container, so it cannot replace itself"),
        SelfDecision.of(process, V2, null));
  }
}
