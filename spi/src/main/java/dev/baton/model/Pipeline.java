package dev.baton.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A project's promotion pipeline: stages (one environment each) and the transitions between them,
 * forming a directed acyclic graph; where the environments' folders are; and what promotions
 * move. Immutable; {@code version} is the storage version used for compare-and-set (0 for a
 * pipeline that has never been stored).
 *
 * @param project the owning project
 * @param stages the stages, in the order given
 * @param transitions the edges
 * @param defaultScope the categories a transition without its own scope moves
 * @param version storage version, 0 when not yet stored
 * @param layout where environment folders live, relative to the repository root, with
 *     {@code {environment}} and optionally {@code {project}} as whole segments; empty for
 *     {@link #DEFAULT_LAYOUT}
 * @param rules what promotions move beyond the categories, unless a transition has its own
 */
public record Pipeline(
    ProjectId project,
    List<Stage> stages,
    List<Transition> transitions,
    Set<PromotableProperty> defaultScope,
    long version,
    Optional<String> layout,
    List<PromotionRule> rules) {

  /** Where environments live when the pipeline does not say. */
  public static final String DEFAULT_LAYOUT = "envs/{environment}";

  /** Validates nulls and defensively copies. Graph rules are checked in core. */
  public Pipeline {
    Checks.notNull(project, "pipeline project");
    stages = List.copyOf(Checks.notNull(stages, "pipeline stages"));
    transitions = List.copyOf(Checks.notNull(transitions, "pipeline transitions"));
    Checks.notNull(defaultScope, "pipeline default scope");
    defaultScope = defaultScope.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(defaultScope));
    Checks.notNull(layout, "pipeline layout");
    layout.ifPresent(l -> Checks.layout(l, "layout", true));
    rules = List.copyOf(Checks.notNull(rules, "pipeline rules"));
  }

  /** A pipeline with the default layout and no rules. */
  public Pipeline(ProjectId project, List<Stage> stages, List<Transition> transitions,
      Set<PromotableProperty> defaultScope, long version) {
    this(project, stages, transitions, defaultScope, version, Optional.empty(), List.of());
  }

  /**
   * The folder of an environment, relative to the repository root: the stage's {@code path} if
   * it has one, else the layout, with the placeholders filled in.
   */
  public String folderOf(EnvironmentName environment) {
    String pattern = stage(environment).flatMap(Stage::path)
        .orElse(layout.orElse(DEFAULT_LAYOUT));
    StringBuilder out = new StringBuilder();
    for (String segment : pattern.split("/")) {
      String filled = segment.equals("{environment}") ? environment.value()
          : segment.equals("{project}") ? project.value() : segment;
      out.append(out.length() == 0 ? "" : "/").append(filled);
    }
    return out.toString();
  }

  /** The rules a promotion along this transition moves by. */
  public List<PromotionRule> rulesOf(Transition transition) {
    return transition.rules().orElse(rules);
  }

  /** The stage of an environment, if the pipeline has one. */
  public Optional<Stage> stage(EnvironmentName environment) {
    return stages.stream().filter(s -> s.environment().equals(environment)).findFirst();
  }

  /** The transition from source to target, if the pipeline has it. */
  public Optional<Transition> transition(EnvironmentName source, EnvironmentName target) {
    return transitions.stream()
        .filter(t -> t.from().equals(source) && t.to().equals(target))
        .findFirst();
  }

  /** The categories a promotion along this transition moves. */
  public Set<PromotableProperty> scopeOf(Transition transition) {
    return transition.scope().orElse(defaultScope);
  }

  /** This pipeline with another storage version. */
  public Pipeline withVersion(long newVersion) {
    return new Pipeline(project, stages, transitions, defaultScope, newVersion, layout, rules);
  }

  /** This pipeline for another project (a pipeline file may serve several projects). */
  public Pipeline forProject(ProjectId other) {
    return new Pipeline(other, stages, transitions, defaultScope, version, layout, rules);
  }

  /** Starts a pipeline for a project. */
  public static Builder builder(ProjectId project) {
    return new Builder(project);
  }

  /** Collects stages and transitions; {@link #build()} yields the immutable pipeline. */
  public static final class Builder {
    private final ProjectId project;
    private final List<Stage> stages = new ArrayList<>();
    private final List<Transition> transitions = new ArrayList<>();
    private Set<PromotableProperty> defaultScope = PromotableProperty.defaults();
    private Optional<String> layout = Optional.empty();
    private final List<PromotionRule> rules = new ArrayList<>();

    private Builder(ProjectId project) {
      this.project = Checks.notNull(project, "pipeline project");
    }

    /** Adds a stage with the DIRECT deploy policy. */
    public Builder stage(String environment) {
      return stage(Stage.of(environment));
    }

    /** Adds a stage with the given deploy policy. */
    public Builder stage(String environment, DeployPolicy policy) {
      return stage(Stage.of(environment, policy));
    }

    /** Adds a stage. */
    public Builder stage(Stage stage) {
      stages.add(Checks.notNull(stage, "stage"));
      return this;
    }

    /** Adds a transition with separation of duties and the default scope. */
    public Builder transition(String from, String to, int requiredApprovals) {
      return transition(Transition.of(from, to, requiredApprovals));
    }

    /** Adds a transition. */
    public Builder transition(Transition transition) {
      transitions.add(Checks.notNull(transition, "transition"));
      return this;
    }

    /** Sets what transitions without their own scope carry. */
    public Builder defaultScope(Set<PromotableProperty> scope) {
      this.defaultScope = Checks.notNull(scope, "default scope");
      return this;
    }

    /** Sets where environment folders live (see {@link Pipeline#layout()}). */
    public Builder layout(String pattern) {
      this.layout = Optional.of(Checks.notNull(pattern, "layout"));
      return this;
    }

    /** Adds a rule that moves more than the categories. */
    public Builder rule(PromotionRule rule) {
      rules.add(Checks.notNull(rule, "rule"));
      return this;
    }

    /** The pipeline, not yet stored (version 0). */
    public Pipeline build() {
      return new Pipeline(project, stages, transitions, defaultScope, 0, layout, rules);
    }
  }
}
