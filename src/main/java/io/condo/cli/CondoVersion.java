package io.condo.cli;

/** The version the jar was built as (its manifest's), or "development" when run from classes. */
final class CondoVersion {

  private CondoVersion() {
  }

  static String of() {
    String version = CondoVersion.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }
}
