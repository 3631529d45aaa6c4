package dev.baton.testkit.random;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.lang.StackWalker.StackFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Where the seeds of {@link Property} and {@link ModelCheck} runs come from, and how a failure
 * tells people to replay itself.
 *
 * <p>Three system properties steer every run, so that a CI failure can be replayed from the
 * command line without editing the test:
 *
 * <ul>
 *   <li>{@code -Dbaton.seed=N}: run exactly one case, the one with seed {@code N} (the number a
 *       failure message names).
 *   <li>{@code -Dbaton.runs=N}: run {@code N} cases instead of the count the test asks for.
 *   <li>{@code -Dbaton.baseSeed=N}: derive the per-case seeds from {@code N} instead of a fresh
 *       random base, to repeat a whole run.
 * </ul>
 *
 * <p>A seed set through the API ({@link Property#seed(long)}, {@link ModelCheck#seed(long)})
 * wins over {@code baton.seed}, since the code pinning a case is the more specific instruction.
 *
 * <p>Stateless; thread-safe.
 *
 * @since 0.1
 */
public final class Seeds {
  /**
   * System property naming the one seed to replay.
   *
   * @since 0.1
   */
  public static final String SEED_PROPERTY = "baton.seed";
  /**
   * System property overriding how many cases to run.
   *
   * @since 0.1
   */
  public static final String RUNS_PROPERTY = "baton.runs";
  /**
   * System property fixing the base from which per-case seeds are derived.
   *
   * @since 0.1
   */
  public static final String BASE_SEED_PROPERTY = "baton.baseSeed";

  private static final List<String> LIBRARY_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "org.junit.", "org.assertj.", "org.opentest4j.");
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /**
   * The seed in {@code -Dbaton.seed}, if set.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if it is not a long
   * @since 0.1
   */
  public static OptionalLong replaySeed() {
    return longProperty(SEED_PROPERTY);
  }

  /**
   * The count in {@code -Dbaton.runs}, if set.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if it is not a positive int
   * @since 0.1
   */
  public static OptionalInt runsOverride() {
    OptionalLong runs = longProperty(RUNS_PROPERTY);
    if (runs.isEmpty()) {
      return OptionalInt.empty();
    }
    long value = runs.getAsLong();
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "-D" + RUNS_PROPERTY + " must be a positive int: " + value);
    }
    return OptionalInt.of((int) value);
  }

  /**
   * The base seed in {@code -Dbaton.baseSeed}, or a fresh random one when it is not set.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if it is not a long
   * @since 0.1
   */
  public static long baseSeed() {
    OptionalLong fixed = longProperty(BASE_SEED_PROPERTY);
    return fixed.isPresent() ? fixed.getAsLong() : new SplittableRandom().nextLong();
  }

  /**
   * The seed of case number {@code index} (from 0) of a run with base seed {@code baseSeed}. A pure
   * function: well spread even for neighbouring indexes and bases.
   *
   * @since 0.1
   */
  public static long caseSeed(long baseSeed, int index) {
    // SplitMix64's finaliser over a Weyl sequence: neighbouring inputs give unrelated outputs.
    long z = baseSeed + (index + 1L) * GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The Maven command line that replays the case with {@code seed} in the test that is running
   * now, for example {@code mvn -pl core -am test -Dtest=PromotionModelTest#lifecycle
   * -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.seed=42}. The test is found on the call
   * stack (the test method JUnit invoked), the module from the working directory Surefire runs
   * in; each part is left out when it cannot be found.
   *
   * @since 0.1
   */
  public static String replayCommand(long seed) {
    StringBuilder command = new StringBuilder("mvn");
    moduleOfWorkingDirectory().ifPresent(m -> command.append(" -pl ").append(m).append(" -am"));
    command.append(" test");
    callingTest()
        .ifPresent(
            test ->
                command
                    .append(" -Dtest=")
                    .append(test.indexOf('$') >= 0 ? "'" + test + "'" : test)
                    .append(" -Dsurefire.failIfNoSpecifiedTests=false"));
    return command.append(" -D").append(SEED_PROPERTY).append('=').append(seed).toString();
  }

  /**
   * The seeds to run: the pinned seed alone, else {@code -Dbaton.seed} alone, else
   * {@code runs} (or {@code -Dbaton.runs}) seeds derived from the pinned base seed, else
   * from {@code -Dbaton.baseSeed} or a fresh random base.
   */
  static long[] plan(OptionalLong pinnedSeed, OptionalLong pinnedBase, int runs) {
    OptionalLong single = pinnedSeed.isPresent() ? pinnedSeed : replaySeed();
    if (single.isPresent()) {
      return new long[] {single.getAsLong()};
    }
    int count = runsOverride().orElse(runs);
    long base = pinnedBase.isPresent() ? pinnedBase.getAsLong() : baseSeed();
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = caseSeed(base, i);
    }
    return seeds;
  }

  private static OptionalLong longProperty(String name) {
    String text = System.getProperty(name);
    if (text == null || text.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "-D" + name + " is not a whole number: " + text, e);
    }
  }

  // The module is the working directory's path below the topmost folder that has a pom.xml.
  private static Optional<String> moduleOfWorkingDirectory() {
    String dir = System.getProperty("basedir", System.getProperty("user.dir"));
    if (dir == null) {
      return Optional.empty();
    }
    Path module = Paths.get(dir).toAbsolutePath().normalize();
    if (!Files.isRegularFile(module.resolve("pom.xml"))) {
      return Optional.empty();
    }
    Path root = module;
    while (root.getParent() != null && Files.isRegularFile(root.getParent().resolve("pom.xml"))) {
      root = root.getParent();
    }
    if (root.equals(module)) {
      return Optional.empty();
    }
    return Optional.of(root.relativize(module).toString().replace('\\', '/'));
  }

  // JUnit calls a test method through reflection: the last user frame before the first
  // reflection frame is the test method, even when the check runs inside a lambda or helper.
  private static Optional<String> callingTest() {
    List<StackFrame> frames =
        StackWalker.getInstance(
                Set.of(
                    StackWalker.Option.RETAIN_CLASS_REFERENCE,
                    StackWalker.Option.SHOW_REFLECT_FRAMES))
            .walk(s -> s.collect(Collectors.toList()));
    StackFrame test = null;
    for (StackFrame frame : frames) {
      String name = frame.getClassName();
      if (name.startsWith("jdk.internal.reflect.") || name.startsWith("java.lang.reflect.")) {
        break;
      }
      if (isUserFrame(frame)) {
        test = frame;
      }
    }
    if (test == null) {
      return Optional.empty();
    }
    String className = test.getClassName();
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    return Optional.of(simpleName + "#" + sourceMethod(test.getMethodName()));
  }

  private static boolean isUserFrame(StackFrame frame) {
    String name = frame.getClassName();
    for (String library : LIBRARY_PACKAGES) {
      if (name.startsWith(library)) {
        return false;
      }
    }
    return !isHarness(frame.getDeclaringClass());
  }

  private static boolean isHarness(Class<?> type) {
    Class<?> outer = type;
    while (outer.getEnclosingClass() != null) {
      outer = outer.getEnclosingClass();
    }
    return outer == Seeds.class
        || outer == Property.class
        || outer == ModelCheck.class
        || outer == Gen.class
        || outer == Gens.class
        || outer == Shrinkable.class;
  }

  // javac names a lambda body "lambda$enclosingMethod$N".
  private static String sourceMethod(String method) {
    if (method.startsWith("lambda$")) {
      int end = method.indexOf('$', "lambda$".length());
      if (end > 0) {
        return method.substring("lambda$".length(), end);
      }
    }
    return method;
  }
}
