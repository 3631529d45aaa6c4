package dev.baton.pipeline;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph rules of a pipeline: a directed acyclic graph of stages where parallel paths are
 * allowed, and cycles, self-loops, duplicate stages or edges, unknown environments and approval
 * counts below 0 or above {@link #MAX_REQUIRED_APPROVALS} are refused; and its rules' JSONPath
 * expressions must be valid. Every problem is reported at once. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class PipelineValidator {
  /**
   * The most approvals a transition may require.
   *
   * @since 0.1
   */
  public static final int MAX_REQUIRED_APPROVALS = 100;

  private PipelineValidator() {}

  /**
   * Every problem of the pipeline, in a stable order; empty when it is valid.
   *
   * @param knownEnvironments the environments that exist (for example the folders of the GitOps
   *     repository); an empty set skips that check. {@code Pipelines.replace} passes none and
   *     checks the environments itself, strictly, refusing with UNKNOWN_ENVIRONMENT
   * @since 0.1
   */
  public static List<String> problems(Pipeline pipeline, Set<EnvironmentName> knownEnvironments) {
    List<String> problems = new ArrayList<>();
    Set<EnvironmentName> stages = new LinkedHashSet<>();
    if (pipeline.stages().isEmpty()) {
      problems.add("the pipeline has no stages");
    }
    for (Stage stage : pipeline.stages()) {
      if (!stages.add(stage.environment())) {
        problems.add("stage '" + stage.environment() + "' is declared more than once");
      }
      if (!knownEnvironments.isEmpty() && !knownEnvironments.contains(stage.environment())) {
        problems.add("stage '" + stage.environment() + "' names an unknown environment (known: "
            + knownEnvironments.stream().map(EnvironmentName::value).sorted().toList() + ")");
      }
    }
    Set<String> edges = new HashSet<>();
    Map<EnvironmentName, List<EnvironmentName>> graph = new LinkedHashMap<>();
    for (StageTransition t : pipeline.transitions()) {
      String edge = t.from() + " -> " + t.to();
      boolean usable = true;
      if (!stages.contains(t.from())) {
        problems.add("transition " + edge + ": unknown environment '" + t.from() + "'");
        usable = false;
      }
      if (!stages.contains(t.to())) {
        problems.add("transition " + edge + ": unknown environment '" + t.to() + "'");
        usable = false;
      }
      if (t.from().equals(t.to())) {
        problems.add("transition " + edge + " is a self-loop");
        usable = false;
      }
      if (t.requiredApprovals() < 0) {
        problems.add("transition " + edge + ": requiredApprovals must be >= 0, was "
            + t.requiredApprovals());
      }
      if (t.requiredApprovals() > MAX_REQUIRED_APPROVALS) {
        problems.add("transition " + edge + ": requiredApprovals must be at most "
            + MAX_REQUIRED_APPROVALS + ", was " + t.requiredApprovals());
      }
      if (!edges.add(edge)) {
        problems.add("transition " + edge + " is declared more than once");
        usable = false;
      }
      if (usable) {
        graph.computeIfAbsent(t.from(), k -> new ArrayList<>()).add(t.to());
      }
    }
    findCycle(graph).ifPresent(cycle -> problems.add("the transitions form a cycle: "
        + String.join(" -> ", cycle.stream().map(EnvironmentName::value).toList())));
    problems.addAll(PromotionPlanner.ruleProblems(pipeline.rules()));
    for (StageTransition t : pipeline.transitions()) {
      t.rules().ifPresent(rules -> PromotionPlanner.ruleProblems(rules).forEach(problem ->
          problems.add("transition " + t.from() + " -> " + t.to() + ": " + problem)));
    }
    return problems;
  }

  /**
   * Validates the pipeline and throws INVALID_PIPELINE listing every problem.
   *
   * @since 0.1
   */
  public static Pipeline validate(Pipeline pipeline, Set<EnvironmentName> knownEnvironments) {
    List<String> problems = problems(pipeline, knownEnvironments);
    if (!problems.isEmpty()) {
      throw new BatonException(ErrorCode.INVALID_PIPELINE,
          "pipeline of project " + pipeline.project() + " is invalid: "
              + String.join("; ", problems), problems, null);
    }
    return pipeline;
  }

  /** Depth-first search with colours; returns one cycle as a path that ends where it starts. */
  private static java.util.Optional<List<EnvironmentName>> findCycle(
      Map<EnvironmentName, List<EnvironmentName>> graph) {
    Map<EnvironmentName, Integer> colour = new HashMap<>();
    for (EnvironmentName start : graph.keySet()) {
      if (colour.getOrDefault(start, 0) != 0) {
        continue;
      }
      Deque<EnvironmentName> path = new ArrayDeque<>();
      Deque<java.util.Iterator<EnvironmentName>> iterators = new ArrayDeque<>();
      path.push(start);
      iterators.push(graph.getOrDefault(start, List.of()).iterator());
      colour.put(start, 1);
      while (!path.isEmpty()) {
        java.util.Iterator<EnvironmentName> it = iterators.peek();
        if (it.hasNext()) {
          EnvironmentName next = it.next();
          int c = colour.getOrDefault(next, 0);
          if (c == 1) {
            List<EnvironmentName> cycle = new ArrayList<>();
            List<EnvironmentName> stack = new ArrayList<>(path);
            java.util.Collections.reverse(stack);
            cycle.addAll(stack.subList(stack.indexOf(next), stack.size()));
            cycle.add(next);
            return java.util.Optional.of(cycle);
          }
          if (c == 0) {
            colour.put(next, 1);
            path.push(next);
            iterators.push(graph.getOrDefault(next, List.of()).iterator());
          }
        } else {
          colour.put(path.pop(), 2);
          iterators.pop();
        }
      }
    }
    return java.util.Optional.empty();
  }
}
