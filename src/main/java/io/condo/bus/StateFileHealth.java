package io.condo.bus;

/** Whether the state file can be written: {@code error} names the file and why not, null when it can. */
public record StateFileHealth(String error) {
}
