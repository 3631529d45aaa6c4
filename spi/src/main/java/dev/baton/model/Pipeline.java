package dev.baton.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A project's promotion pipeline: stages (one environment each) and the transitions between them,
 * forming a directed acyclic graph. Immutable; {@code version} is the storage version used for
 * compare-and-set (0 for a pipeline that has never been stored).
 *
 * @param project the owning project
 * @param stages the stages, in the order given
 * @param transitions the edges
 * @param defaultScope what a transition without its own scope carries
 * @param version storage version, 0 when not yet stored
 */
public record Pipeline(
    ProjectId project,
    List<Stage> stages,
    List<Transition> transitions,
    Set<PromotableProperty> defaultScope,
    long version) {

  /** Validates nulls and defensively copies. Graph rules are checked in core. */
  public Pipeline {
    Checks.notNull(project, "pipeline project");
    stages = List.copyOf(Checks.notNull(stages, "pipeline stages"));
    transitions = List.copyOf(Checks.notNull(transitions, "pipeline transitions"));
    Checks.notNull(defaultScope, "pipeline default scope");
    defaultScope = defaultScope.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(defaultScope));
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

  /** What a promotion along this transition carries. */
  public Set<PromotableProperty> scopeOf(Transition transition) {
    return transition.scope().orElse(defaultScope);
  }

  /** This pipeline with another storage version. */
  public Pipeline withVersion(long newVersion) {
    return new Pipeline(project, stages, transitions, defaultScope, newVersion);
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

    /** The pipeline, not yet stored (version 0). */
    public Pipeline build() {
      return new Pipeline(project, stages, transitions, defaultScope, 0);
    }
  }
}
