package io.condo.it.faults;

import io.condo.it.harness.Lab;

/** One kind of fault injected into real Condo processes; its ledger says what held and what did not. */
public interface FaultScenario {

  /** The row's name. */
  public String name();

  /** What is injected, for the report. */
  public String injected();

  public Ledger run(Lab lab) throws Exception;
}
