package io.condo.bus;

/**
 * Pauses the supervisor's Docker work (containers keep running, decisions and saves go on) or
 * resumes it. A pause is answered once no Docker step is under way, so what follows (a hand-over
 * to another Condo) never cuts one in half.
 */
public record DeploysSwitch(boolean pause) implements Request<DeploysSwitch.Done> {

  public record Done() {
  }
}
