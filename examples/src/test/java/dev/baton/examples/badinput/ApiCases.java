package dev.baton.examples.badinput;

import java.util.ArrayList;
import java.util.List;

/** Every API case of the bad-input suite, family by family. */
public final class ApiCases {
  private ApiCases() {}

  /** The cases, in a stable order. */
  public static List<BadCase> all() {
    List<BadCase> all = new ArrayList<>();
    all.addAll(PipelineFileCases.all());
    all.addAll(EnvironmentFileCases.all());
    all.addAll(NameIdRefCases.all());
    all.addAll(IdentityAndTextCases.all());
    all.addAll(SizeAndFreezeCases.all());
    return all;
  }
}
