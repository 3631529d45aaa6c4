package dev.baton.examples.cli;

import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentName;
import dev.baton.preview.Preview;

/** Renders a preview for people. Stateless. */
final class PreviewPrinter {

  private PreviewPrinter() {}

  /** Prints the preview of promoting source into target. */
  static void print(Output out, Preview preview, EnvironmentName source,
      EnvironmentName target) {
    ChangeSummary s = preview.summary();
    out.line(out.bold("Preview " + source + " → " + target) + ": " + s.total() + " change(s)");
  }
}
