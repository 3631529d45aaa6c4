package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.examples.badinput.ApiCases;
import dev.baton.examples.badinput.BadCase;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The bad-input suite keeps its size: at least 250 cases through the API and the command line
 * together, every family represented in both, at least 40 of the command-line cases as real
 * processes, and no two cases with the same name.
 */
class BadInputCountTest {

  @Test
  void theSuiteHasAtLeast250CasesInEveryFamily() {
    List<BadCase> api = ApiCases.all();
    List<CliCase> cli = new java.util.ArrayList<>(BadInputCliCases.all());
    cli.addAll(BadInputCliFiles.all());

    assertThat(api.size() + cli.size()).isGreaterThanOrEqualTo(250);
    assertThat(api.size()).isGreaterThanOrEqualTo(250);
    assertThat(cli.size()).isGreaterThanOrEqualTo(150);
    assertThat(cli.stream().filter(CliCase::process).count()).isGreaterThanOrEqualTo(30);

    Map<String, Long> apiFamilies = new TreeMap<>(api.stream()
        .collect(Collectors.groupingBy(BadCase::family, Collectors.counting())));
    Map<String, Long> cliFamilies = new TreeMap<>(cli.stream()
        .collect(Collectors.groupingBy(CliCase::family, Collectors.counting())));
    assertThat(apiFamilies.keySet()).contains("pipeline file", "environment file", "name", "id",
        "notes and comments", "identity", "path", "ref", "size", "freeze and break-glass");
    assertThat(cliFamilies.keySet()).contains("pipeline file", "environment file", "name", "id",
        "notes", "identity", "path", "ref", "size", "freeze", "duration");
    assertThat(apiFamilies.values()).allMatch(n -> n >= 5);

    Set<String> names = new HashSet<>();
    api.forEach(c -> assertThat(names.add("api " + c)).as(c.toString()).isTrue());
    cli.forEach(c -> assertThat(names.add("cli " + c)).as(c.toString()).isTrue());
  }
}
