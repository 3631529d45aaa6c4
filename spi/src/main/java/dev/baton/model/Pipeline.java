package dev.baton.model;

import dev.baton.error.Arguments;
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
 * @param sensitive name patterns of sensitive variables and keys beyond the built-in ones
 *     ({@code *PASSWORD*}, {@code *TOKEN*}, {@code *SECRET*}, {@code *_KEY}, {@code *APIKEY*}):
 *     globs with {@code *} and {@code ?}, matched case-insensitively; values under such names
 *     are never shown, stored or logged (at most {@value #MAX_SENSITIVE} patterns of at most
 *     {@value #MAX_SENSITIVE_LENGTH} characters: letters, digits, {@code _ . - * ?})
 * @since 0.1
 */
public record Pipeline(
    ProjectId project,
    List<Stage> stages,
    List<StageTransition> transitions,
    Set<PromotableProperty> defaultScope,
    long version,
    Optional<String> layout,
    List<PromotionRule> rules,
    List<String> sensitive) {

  /**
   * Where environments live when the pipeline does not say.
   *
   * @since 0.1
   */
  public static final String DEFAULT_LAYOUT = "envs/{environment}";
  /**
   * The most sensitive-name patterns a pipeline may list.
   *
   * @since 0.1
   */
  public static final int MAX_SENSITIVE = 100;
  /**
   * The longest sensitive-name pattern.
   *
   * @since 0.1
   */
  public static final int MAX_SENSITIVE_LENGTH = 100;
  private static final java.util.regex.Pattern SENSITIVE =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.*?-]+");

  /**
   * Validates nulls and defensively copies. Graph rules are checked in core.
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
   * @param sensitive name patterns of sensitive variables and keys beyond the built-in ones
   *     ({@code *PASSWORD*}, {@code *TOKEN*}, {@code *SECRET*}, {@code *_KEY}, {@code *APIKEY*}):
   *     globs with {@code *} and {@code ?}, matched case-insensitively; values under such names
   *     are never shown, stored or logged (at most {@value #MAX_SENSITIVE} patterns of at most
   *     {@value #MAX_SENSITIVE_LENGTH} characters: letters, digits, {@code _ . - * ?})
   * @since 0.1
   */
  public Pipeline {
    Arguments.notNull(project, "pipeline project");
    stages = List.copyOf(Arguments.notNull(stages, "pipeline stages"));
    transitions = List.copyOf(Arguments.notNull(transitions, "pipeline transitions"));
    Arguments.notNull(defaultScope, "pipeline default scope");
    defaultScope = defaultScope.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(defaultScope));
    Arguments.notNull(layout, "pipeline layout");
    layout.ifPresent(l -> Checks.layout(l, "layout", true));
    rules = List.copyOf(Arguments.notNull(rules, "pipeline rules"));
    Arguments.notNull(sensitive, "pipeline sensitive names");
    if (sensitive.size() > MAX_SENSITIVE) {
      throw new dev.baton.error.BatonException(dev.baton.error.ErrorCode.INVALID_ARGUMENT,
          "sensitive lists " + sensitive.size() + " patterns; the limit is " + MAX_SENSITIVE);
    }
    for (int i = 0; i < sensitive.size(); i++) {
      int at = i;
      sensitiveProblem(sensitive.get(i)).ifPresent(problem -> {
        throw new dev.baton.error.BatonException(dev.baton.error.ErrorCode.INVALID_ARGUMENT,
            "sensitive[" + at + "] " + problem);
      });
    }
    sensitive = List.copyOf(sensitive);
  }

  /**
   * What is wrong with a sensitive-name pattern, or empty when it is valid. The pattern itself is
   * not echoed: it may be long or hold control characters.
   *
   * @param pattern a sensitive-name pattern
   * @return a message for people, or empty when the pattern is valid
   * @since 0.1
   */
  public static Optional<String> sensitiveProblem(String pattern) {
    if (pattern == null) {
      return Optional.of("is required");
    }
    if (pattern.length() > MAX_SENSITIVE_LENGTH || !SENSITIVE.matcher(pattern).matches()
        || pattern.chars().allMatch(c -> c == '*' || c == '?')) {
      return Optional.of("must be 1 to " + MAX_SENSITIVE_LENGTH + " letters, digits, '_', '.',"
          + " '-' with '*' or '?' wildcards, and not wildcards alone");
    }
    return Optional.empty();
  }

  /**
   * A pipeline with no sensitive names of its own (the built-in ones still apply).
   *
   * @param project the project
   * @param stages the stages
   * @param transitions the transitions
   * @param defaultScope what transitions without their own scope carry
   * @param version the storage version
   * @param layout where environment folders live, or empty for {@link #DEFAULT_LAYOUT}
   * @param rules the rules that move more than the categories
   * @since 0.1
   */
  public Pipeline(ProjectId project, List<Stage> stages, List<StageTransition> transitions,
      Set<PromotableProperty> defaultScope, long version, Optional<String> layout,
      List<PromotionRule> rules) {
    this(project, stages, transitions, defaultScope, version, layout, rules, List.of());
  }

  /**
   * A pipeline with the default layout and no rules.
   *
   * @param project the project
   * @param stages the stages
   * @param transitions the transitions
   * @param defaultScope what transitions without their own scope carry
   * @param version the storage version
   * @since 0.1
   */
  public Pipeline(ProjectId project, List<Stage> stages, List<StageTransition> transitions,
      Set<PromotableProperty> defaultScope, long version) {
    this(project, stages, transitions, defaultScope, version, Optional.empty(), List.of(),
        List.of());
  }

  /**
   * The folder of an environment, relative to the repository root: the stage's {@code path} if
   * it has one, else the layout, with the placeholders filled in.
   *
   * @param environment the environment
   * @return the folder, such as {@code envs/production}
   * @since 0.1
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

  /**
   * The rules a promotion along this transition moves by.
   *
   * @param transition a transition of this pipeline
   * @return its own rules, or the pipeline's
   * @since 0.1
   */
  public List<PromotionRule> rulesOf(StageTransition transition) {
    return transition.rules().orElse(rules);
  }

  /**
   * The stage of an environment, if the pipeline has one.
   *
   * @param environment the environment
   * @return its stage, or empty
   * @since 0.1
   */
  public Optional<Stage> stage(EnvironmentName environment) {
    // a loop, not a stream: the engine asks on every request and execution
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      if (stage.environment().equals(environment)) {
        return Optional.of(stage);
      }
    }
    return Optional.empty();
  }

  /**
   * The transition from source to target, if the pipeline has it.
   *
   * @param source the source environment
   * @param target the target environment
   * @return the transition, or empty
   * @since 0.1
   */
  public Optional<StageTransition> transition(EnvironmentName source, EnvironmentName target) {
    for (int i = 0; i < transitions.size(); i++) {
      StageTransition t = transitions.get(i);
      if (t.from().equals(source) && t.to().equals(target)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The categories a promotion along this transition moves.
   *
   * @param transition a transition of this pipeline
   * @return its own scope, or the pipeline's default
   * @since 0.1
   */
  public Set<PromotableProperty> scopeOf(StageTransition transition) {
    return transition.scope().orElse(defaultScope);
  }

  /**
   * This pipeline with another storage version.
   *
   * @param newVersion the version
   * @return a new pipeline; this one is unchanged
   * @since 0.1
   */
  public Pipeline withVersion(long newVersion) {
    return new Pipeline(project, stages, transitions, defaultScope, newVersion, layout, rules,
        sensitive);
  }

  /**
   * This pipeline for another project (a pipeline file may serve several projects).
   *
   * @param other the project
   * @return a new pipeline; this one is unchanged
   * @since 0.1
   */
  public Pipeline forProject(ProjectId other) {
    return new Pipeline(other, stages, transitions, defaultScope, version, layout, rules,
        sensitive);
  }

  /**
   * Starts a pipeline for a project.
   *
   * @param project the project
   * @return an empty builder
   * @since 0.1
   */
  public static Builder builder(ProjectId project) {
    return new Builder(project);
  }

  /**
   * Collects stages and transitions; {@link #build()} yields the immutable pipeline.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final ProjectId project;
    private final List<Stage> stages = new ArrayList<>();
    private final List<StageTransition> transitions = new ArrayList<>();
    private Set<PromotableProperty> defaultScope = PromotableProperty.defaults();
    private Optional<String> layout = Optional.empty();
    private final List<PromotionRule> rules = new ArrayList<>();
    private final List<String> sensitive = new ArrayList<>();

    private Builder(ProjectId project) {
      this.project = Arguments.notNull(project, "pipeline project");
    }

    /**
     * Adds a stage with the DIRECT deploy policy.
     *
     * @param environment the environment's name
     * @return this builder
     * @since 0.1
     */
    public Builder stage(String environment) {
      return stage(Stage.of(environment));
    }

    /**
     * Adds a stage with the given deploy policy.
     *
     * @param environment the environment's name
     * @param policy how it takes a new release
     * @return this builder
     * @since 0.1
     */
    public Builder stage(String environment, DeployPolicy policy) {
      return stage(Stage.of(environment, policy));
    }

    /**
     * Adds a stage.
     *
     * @param stage the stage
     * @return this builder
     * @since 0.1
     */
    public Builder stage(Stage stage) {
      stages.add(Arguments.notNull(stage, "stage"));
      return this;
    }

    /**
     * Adds a transition with separation of duties and the default scope.
     *
     * @param from the source environment's name
     * @param to the target environment's name
     * @param requiredApprovals how many approvals a promotion needs, 0 or more
     * @return this builder
     * @since 0.1
     */
    public Builder transition(String from, String to, int requiredApprovals) {
      return transition(StageTransition.of(from, to, requiredApprovals));
    }

    /**
     * Adds a transition.
     *
     * @param transition the transition
     * @return this builder
     * @since 0.1
     */
    public Builder transition(StageTransition transition) {
      transitions.add(Arguments.notNull(transition, "transition"));
      return this;
    }

    /**
     * Sets what transitions without their own scope carry.
     *
     * @param scope the categories
     * @return this builder
     * @since 0.1
     */
    public Builder defaultScope(Set<PromotableProperty> scope) {
      this.defaultScope = Arguments.notNull(scope, "default scope");
      return this;
    }

    /**
     * Sets where environment folders live (see {@link Pipeline#layout()}).
     *
     * @param pattern a folder pattern with {@code {environment}} and optionally {@code {project}}
     * @return this builder
     * @since 0.1
     */
    public Builder layout(String pattern) {
      this.layout = Optional.of(Arguments.notNull(pattern, "layout"));
      return this;
    }

    /**
     * Adds a rule that moves more than the categories.
     *
     * @param rule the rule
     * @return this builder
     * @since 0.1
     */
    public Builder rule(PromotionRule rule) {
      rules.add(Arguments.notNull(rule, "rule"));
      return this;
    }

    /**
     * Adds a sensitive name pattern (see {@link Pipeline#sensitive()}).
     *
     * @param pattern the pattern
     * @return this builder
     * @since 0.1
     */
    public Builder sensitive(String pattern) {
      sensitive.add(Arguments.notNull(pattern, "sensitive name pattern"));
      return this;
    }

    /**
     * The pipeline, not yet stored (version 0).
     *
     * @return the pipeline
     * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a missing or invalid
     *     field; the graph rules are checked when it is stored
     * @since 0.1
     */
    public Pipeline build() {
      return new Pipeline(project, stages, transitions, defaultScope, 0, layout, rules,
          sensitive);
    }
  }
}
