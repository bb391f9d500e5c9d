package io.condo.it;

/** One kind of fault injected into real Condo processes; its ledger says what held and what did not. */
interface FaultScenario {

  /** The row's name. */
  String name();

  /** What is injected, for the report. */
  String injected();

  Ledger run(Lab lab) throws Exception;
}
