package dev.baton.testkit.random;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A model-based test: runs random sequences of {@link Command}s against the system under test and
 * a simple model of it, and shrinks any failing sequence to a short one before reporting it.
 *
 * <pre>{@code
 * ModelCheck.of(BoundedStack::new, ArrayList<Integer>::new, Gen.frequency(
 *         Gen.weighted(3, Gen.choose(0, 9).map(Push::new)),
 *         Gen.weighted(1, Gen.constant(new Pop())),
 *         Gen.weighted(1, Gen.constant(new Size()))))
 *     .sequences(500)
 *     .length(1, 40)
 *     .afterEach((stack, model) -> assertThat(stack.isEmpty()).isEqualTo(model.isEmpty()))
 *     .check();
 * }</pre>
 *
 * <p><b>Sequences.</b> Each sequence has its own seed (see {@link Seeds}), from which its length
 * and all its commands are drawn before any of them runs; so a seed names exactly one sequence
 * ({@link #sequence(long)} shows it). Each sequence runs on a fresh system and a fresh model, from
 * the suppliers; both are closed after the run when they are {@link AutoCloseable} (a failure to
 * close counts as a failure of the sequence). The {@link #afterEach} invariants run after every
 * command. A sequence fails when a command or an invariant throws an {@link AssertionError} or an
 * {@link Exception}; other errors ({@code OutOfMemoryError} and the like), and anything the
 * suppliers throw, propagate at once.
 *
 * <p><b>Shrinking.</b> The failing sequence is first cut after the failing command, then shrunk by
 * delta debugging: remove halves, then smaller chunks, then single commands, re-running every
 * candidate on a fresh system and model and keeping it if it fails the same way (an exception of
 * the same class); finally each remaining command is itself shrunk where its generator allows
 * (for example {@code Push[value=7]} to {@code Push[value=0]}). The result is a sequence from
 * which no single command can be removed, unless the shrink budget ran out first. For shrinking to
 * stay meaningful, commands that act on existing state should pick their target at run time; see
 * {@link Command}. The system must behave deterministically for a given sequence.
 *
 * <p><b>Report.</b> A {@link ModelCheckFailure} whose message holds the seed, the original length,
 * the shrunk sequence one command per line, the failure, and the Maven command line that replays
 * it; {@link #seed(long)} replays it from code.
 *
 * <p>Immutable: each setter returns a new instance. {@link #check()} itself is safe to call from
 * several threads if the suppliers, generator and commands are.
 *
 * @param <S> the type of the system under test
 * @param <M> the type of the model
 * @since 0.1
 */
public final class ModelCheck<S, M> {
  /**
   * Sequences run when {@link #sequences(int)} is not called.
   *
   * @since 0.1
   */
  public static final int DEFAULT_SEQUENCES = 100;
  /**
   * Shortest sequence generated when {@link #length(int, int)} is not called.
   *
   * @since 0.1
   */
  public static final int DEFAULT_MIN_LENGTH = 1;
  /**
   * Longest sequence generated when {@link #length(int, int)} is not called.
   *
   * @since 0.1
   */
  public static final int DEFAULT_MAX_LENGTH = 30;
  /**
   * Re-runs allowed while shrinking when {@link #shrinkBudget(int)} is not called.
   *
   * @since 0.1
   */
  public static final int DEFAULT_SHRINK_BUDGET = 2_000;

  private final Supplier<? extends S> newSystem;
  private final Supplier<? extends M> newModel;
  private final Gen<Command<S, M>> commands;
  private final int sequences;
  private final int minLength;
  private final int maxLength;
  private final List<BiConsumer<? super S, ? super M>> invariants;
  private final OptionalLong seed;
  private final OptionalLong baseSeed;
  private final int shrinkBudget;

  private ModelCheck(
      Supplier<? extends S> newSystem,
      Supplier<? extends M> newModel,
      Gen<Command<S, M>> commands,
      int sequences,
      int minLength,
      int maxLength,
      List<BiConsumer<? super S, ? super M>> invariants,
      OptionalLong seed,
      OptionalLong baseSeed,
      int shrinkBudget) {
    this.newSystem = newSystem;
    this.newModel = newModel;
    this.commands = commands;
    this.sequences = sequences;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.invariants = List.copyOf(invariants);
    this.seed = seed;
    this.baseSeed = baseSeed;
    this.shrinkBudget = shrinkBudget;
  }

  /**
   * A check of the system from {@code newSystem} against the model from {@code newModel}, driven
   * by commands from {@code commands}, with the default settings. Each supplier must return a
   * new, independent instance on every call.
   *
   * @since 0.1
   */
  public static <S, M> ModelCheck<S, M> of(
      Supplier<? extends S> newSystem,
      Supplier<? extends M> newModel,
      Gen<? extends Command<S, M>> commands) {
    return new ModelCheck<>(
        Objects.requireNonNull(newSystem, "newSystem"),
        Objects.requireNonNull(newModel, "newModel"),
        Gens.narrow(Objects.requireNonNull(commands, "commands")),
        DEFAULT_SEQUENCES,
        DEFAULT_MIN_LENGTH,
        DEFAULT_MAX_LENGTH,
        List.of(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        DEFAULT_SHRINK_BUDGET);
  }

  /**
   * How many sequences to run; {@code -Dbaton.runs} overrides it.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code count < 1}
   * @since 0.1
   */
  public ModelCheck<S, M> sequences(int count) {
    if (count < 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "sequences must be >= 1: " + count);
    }
    return new ModelCheck<>(newSystem, newModel, commands, count, minLength, maxLength,
        invariants, seed, baseSeed, shrinkBudget);
  }

  /**
   * The bounds, both included, of the generated sequences' lengths. Shrinking may report a
   * shorter sequence than {@code min}.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code min < 0} or
   *     {@code min > max}
   * @since 0.1
   */
  public ModelCheck<S, M> length(int min, int max) {
    if (min < 0 || min > max) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "length bounds must satisfy 0 <= min <= max: " + min + ", "
              + max);
    }
    return new ModelCheck<>(newSystem, newModel, commands, sequences, min, max, invariants,
        seed, baseSeed, shrinkBudget);
  }

  /**
   * Adds an invariant checked after every command (after those added before); it signals a
   * violation by throwing, typically an {@link AssertionError}.
   *
   * @since 0.1
   */
  public ModelCheck<S, M> afterEach(BiConsumer<? super S, ? super M> invariant) {
    List<BiConsumer<? super S, ? super M>> more = new ArrayList<>(invariants);
    more.add(Objects.requireNonNull(invariant, "invariant"));
    return new ModelCheck<>(newSystem, newModel, commands, sequences, minLength, maxLength, more,
        seed, baseSeed, shrinkBudget);
  }

  /**
   * Runs only the sequence with this seed, as a failure reported it: the way to replay a failure,
   * or to pin it as a regression test. Wins over {@code -Dbaton.seed}.
   *
   * @since 0.1
   */
  public ModelCheck<S, M> seed(long seed) {
    return new ModelCheck<>(newSystem, newModel, commands, sequences, minLength, maxLength,
        invariants, OptionalLong.of(seed), baseSeed, shrinkBudget);
  }

  /**
   * Derives the sequence seeds from this base instead of {@code -Dbaton.baseSeed} or a random
   * one.
   *
   * @since 0.1
   */
  public ModelCheck<S, M> baseSeed(long baseSeed) {
    return new ModelCheck<>(newSystem, newModel, commands, sequences, minLength, maxLength,
        invariants, seed, OptionalLong.of(baseSeed), shrinkBudget);
  }

  /**
   * At most this many re-runs are spent shrinking one failing sequence; 0 turns shrinking off
   * (the sequence is still cut after the failing command).
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code runs < 0}
   * @since 0.1
   */
  public ModelCheck<S, M> shrinkBudget(int runs) {
    if (runs < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "shrink budget is negative: " + runs);
    }
    return new ModelCheck<>(newSystem, newModel, commands, sequences, minLength, maxLength,
        invariants, seed, baseSeed, runs);
  }

  /**
   * The command sequence that the given seed stands for, without running it.
   *
   * @since 0.1
   */
  public List<Command<S, M>> sequence(long seed) {
    return values(draw(seed));
  }

  /**
   * Runs the sequences; returns normally if the system agreed with the model throughout.
   *
   * @throws ModelCheckFailure for the first failing sequence, after shrinking it
   * @since 0.1
   */
  public void check() {
    long[] seeds = Seeds.plan(seed, baseSeed, sequences);
    for (int i = 0; i < seeds.length; i++) {
      List<Shrinkable<Command<S, M>>> drawn = draw(seeds[i]);
      Failure failure = run(values(drawn));
      if (failure != null) {
        throw new Shrinker(drawn, failure).shrinkAndReport(seeds[i], i + 1, seeds.length);
      }
    }
  }

  private List<Shrinkable<Command<S, M>>> draw(long sequenceSeed) {
    Randomness random = Randomness.seeded(sequenceSeed);
    int length = random.nextInt(minLength, maxLength);
    List<Shrinkable<Command<S, M>>> drawn = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      drawn.add(commands.generate(random));
    }
    return drawn;
  }

  private static <T> List<T> values(List<Shrinkable<T>> shrinkables) {
    List<T> values = new ArrayList<>(shrinkables.size());
    for (Shrinkable<T> shrinkable : shrinkables) {
      values.add(shrinkable.value());
    }
    return List.copyOf(values);
  }

  /** Runs one sequence on a fresh system and model; null if they agreed throughout. */
  private Failure run(List<Command<S, M>> sequence) {
    S system = Objects.requireNonNull(newSystem.get(), "newSystem returned null");
    M model;
    try {
      model = Objects.requireNonNull(newModel.get(), "newModel returned null");
    } catch (RuntimeException | Error e) {
      // A broken model supplier is a broken test, not a failing sequence; still close the system.
      Failure closing = close(system, null, 0);
      if (closing != null) {
        e.addSuppressed(closing.error);
      }
      throw e;
    }
    Failure failure = null;
    int step = 0;
    try {
      for (; step < sequence.size(); step++) {
        sequence.get(step).run(system, model);
        for (BiConsumer<? super S, ? super M> invariant : invariants) {
          invariant.accept(system, model);
        }
      }
    } catch (Exception | AssertionError e) {
      failure = new Failure(e, step);
    }
    failure = close(system, failure, sequence.size());
    if (model != system) {
      failure = close(model, failure, sequence.size());
    }
    return failure;
  }

  private static Failure close(Object resource, Failure failure, int closeStep) {
    if (!(resource instanceof AutoCloseable)) {
      return failure;
    }
    try {
      ((AutoCloseable) resource).close();
      return failure;
    } catch (Exception | AssertionError e) {
      if (failure == null) {
        return new Failure(e, closeStep);
      }
      failure.error.addSuppressed(e);
      return failure;
    }
  }

  /** Why a sequence failed, and at which command (the sequence length: while closing). */
  private static final class Failure {
    final Throwable error;
    final int step;

    Failure(Throwable error, int step) {
      this.error = error;
      this.step = step;
    }
  }

  /** Delta debugging over one failing sequence; holds the mutable search state. */
  private final class Shrinker {
    private final Class<?> kind;
    private final int originalLength;
    private final Failure originalFailure;
    private List<Shrinkable<Command<S, M>>> current;
    private Failure failure;
    private int reruns;

    Shrinker(List<Shrinkable<Command<S, M>>> original, Failure failure) {
      this.kind = failure.error.getClass();
      this.originalLength = original.size();
      this.originalFailure = failure;
      accept(original, failure);
    }

    ModelCheckFailure shrinkAndReport(long sequenceSeed, int sequenceNumber, int count) {
      boolean changed = true;
      while (changed && budgetLeft()) {
        // A removal at a fine granularity can make a coarser chunk removable again, and a
        // simpler command can make others removable: repeat both until neither helps.
        boolean removed = removeChunks();
        boolean simplified = shrinkCommands();
        changed = removed || simplified;
      }
      return report(sequenceSeed, sequenceNumber, count);
    }

    private boolean budgetLeft() {
      return reruns < shrinkBudget;
    }

    // Commands after the failing one never ran, so they cannot matter.
    private void accept(List<Shrinkable<Command<S, M>>> candidate, Failure candidateFailure) {
      int keep = Math.min(candidate.size(), candidateFailure.step + 1);
      current = List.copyOf(candidate.subList(0, keep));
      failure = candidateFailure;
    }

    private boolean tryCandidate(List<Shrinkable<Command<S, M>>> candidate) {
      if (!budgetLeft()) {
        return false;
      }
      reruns++;
      Failure candidateFailure = run(values(candidate));
      if (candidateFailure == null || candidateFailure.error.getClass() != kind) {
        return false;
      }
      accept(candidate, candidateFailure);
      return true;
    }

    // Delta debugging: remove halves, then ever smaller chunks, down to single commands. Big
    // chunks are tried at aligned offsets only; pairs and singles at every offset, which also
    // removes a pair that straddles two aligned chunks.
    private boolean removeChunks() {
      boolean removedAny = false;
      int chunk = Math.max(1, current.size() / 2);
      while (chunk >= 1 && budgetLeft() && !current.isEmpty()) {
        boolean removed = false;
        int stride = chunk <= 2 ? 1 : chunk;
        int start = 0;
        while (start < current.size() && budgetLeft()) {
          int end = Math.min(current.size(), start + chunk);
          List<Shrinkable<Command<S, M>>> candidate = new ArrayList<>(current.subList(0, start));
          candidate.addAll(current.subList(end, current.size()));
          if (tryCandidate(candidate)) {
            removed = true;
            removedAny = true;
          } else {
            start += stride;
          }
        }
        // After a success, retry at the same granularity (capped by the new size), because
        // removing one chunk can make a neighbouring one removable; otherwise go finer.
        if (removed) {
          chunk = Math.min(chunk, Math.max(1, current.size() / 2));
        } else {
          chunk = chunk > 2 ? Math.max(2, chunk / 2) : chunk - 1;
        }
      }
      return removedAny;
    }

    private boolean shrinkCommands() {
      boolean changed = false;
      for (int i = 0; i < current.size() && budgetLeft(); i++) {
        boolean improved = true;
        while (improved && i < current.size() && budgetLeft()) {
          improved = false;
          Iterator<Shrinkable<Command<S, M>>> simpler = current.get(i).shrinks().iterator();
          while (simpler.hasNext() && budgetLeft()) {
            List<Shrinkable<Command<S, M>>> candidate = new ArrayList<>(current);
            candidate.set(i, simpler.next());
            if (tryCandidate(candidate)) {
              improved = true;
              changed = true;
              break;
            }
          }
        }
      }
      return changed;
    }

    private ModelCheckFailure report(long sequenceSeed, int sequenceNumber, int count) {
      List<String> lines = new ArrayList<>(current.size());
      StringBuilder listing = new StringBuilder();
      for (int i = 0; i < current.size(); i++) {
        String line = String.valueOf(current.get(i).value());
        lines.add(line);
        listing.append(String.format("  %3d. %s", i + 1, line));
        listing.append(i == failure.step ? "   <-- fails here\n" : "\n");
      }
      if (failure.step >= current.size()) {
        listing.append("  (fails when closing the system or the model)\n");
      }
      if (failure != originalFailure && originalFailure.error != failure.error) {
        failure.error.addSuppressed(originalFailure.error);
      }
      String message =
          "Model check failed on sequence " + sequenceNumber + " of " + count
              + " (seed " + sequenceSeed + ")\n"
              + "Original sequence: " + originalLength + " commands; shrunk to " + current.size()
              + " commands in " + reruns + " re-runs"
              + (budgetLeft() ? "" : " (shrink budget used up: may not be minimal)") + ":\n"
              + listing
              + "Failure: " + failure.error + "\n"
              + "Replay: " + Seeds.replayCommand(sequenceSeed);
      return new ModelCheckFailure(message, failure.error, sequenceSeed, originalLength, lines);
    }
  }
}
