package dev.baton.examples.cli;

import dev.baton.git.state.internal.StateJson;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.internal.JGitText;

/**
 * Does, on a second thread, the one-time set-up a command on a repository spends most of its start
 * in, wherever it would come first. Three independent parts: Jackson (the static set-up of the
 * JSON mapper of the state files and of the YAML mapper of the pipeline file, down to the
 * calendar data of Jackson's default date format, and the state files' reader of a stored
 * pipeline, which Jackson builds by reflection); records (the method handles behind the
 * {@code equals} of the records a command compares first: linked once per record class, and the
 * first one builds the forms every later one shares); and JGit (its message bundle, read and set
 * field by field when a repository is first opened, and the static set-up of its file system
 * classes).
 *
 * <p>The command's thread builds picocli's command model and parses the arguments meanwhile;
 * when a command is about to run it calls {@link #finish}, which runs on the command's own thread
 * the parts the second thread has not claimed yet, from the last (JGit, then the records, then
 * Jackson, stopping at the first one claimed), then waits for the second thread to end: so the
 * command's thread waits only while no part is left unclaimed, and the command runs only after
 * every part is done. A usage error only waits ({@link #awaitDone}). What makes this safe: each
 * part runs on exactly one thread (a part is claimed before it runs), and the parts set up
 * disjoint libraries (Jackson does not use JGit nor JGit Jackson; the records are Baton's own
 * values, which use the JDK only), so no cycle among static initializers (Jackson
 * has had such, e.g. {@code PropertyNamingStrategy} and its subclasses) can span the two threads
 * and deadlock them. Each step fills a process-wide cache the command would fill with the same
 * content itself: nothing is read from the repository and nothing changes, so a command does and
 * prints exactly what it would without it. Thread-safe.
 */
final class ClassWarmUp {
  /**
   * The classes, in the order a command needs them: Baton's JSON and YAML code and, through
   * it, Jackson, which the command's thread does not touch before {@link #finish} (nor JGit).
   */
  static final List<String> CLASSES = List.of(
      "dev.baton.git.state.internal.StateJson",
      "dev.baton.internal.yaml.SafeYaml");

  /** JGit's classes whose static set-up a command's first repository runs. */
  private static final List<String> JGIT_CLASSES = List.of(
      "org.eclipse.jgit.util.FS",
      "org.eclipse.jgit.util.FS$FileStoreAttributes");

  /** The parts, in the second thread's order; the command's thread takes them from the end. */
  private static final int JACKSON = 0;
  private static final int RECORDS = 1;
  private static final int JGIT = 2;

  // one flag per part: whichever thread claims it first runs it (a process runs one command)
  private static final AtomicBoolean[] CLAIMED = {
      new AtomicBoolean(), new AtomicBoolean(), new AtomicBoolean()};

  // the warm-up started in this process, if any
  private static volatile Thread started;

  private ClassWarmUp() {
  }

  /** Starts the warm-up on a daemon thread (it never keeps the JVM alive). */
  static void start() {
    Thread thread = new Thread(ClassWarmUp::run, "baton-class-warm-up");
    thread.setDaemon(true);
    started = thread;
    thread.start();
  }

  /**
   * Runs on the calling thread the parts of the warm-up, if one was started, that its thread has
   * not begun, then waits until it has ended; before a command runs.
   */
  static void finish() {
    if (started == null) {
      return;
    }
    for (int i = JGIT; i >= JACKSON && claim(i); i--) {
      runPart(i);
    }
    awaitDone();
  }

  /**
   * Waits until the warm-up, if one was started, has ended; before anything on the calling
   * thread may touch Jackson. Returns at once when none was started or it has ended.
   */
  static void awaitDone() {
    Thread thread = started;
    if (thread == null) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the command runs on and sees the interrupt itself
    }
  }

  private static void run() {
    for (int i = JACKSON; i <= JGIT; i++) {
      if (claim(i)) {
        runPart(i);
      }
    }
  }

  private static boolean claim(int part) {
    return CLAIMED[part].compareAndSet(false, true);
  }

  private static void runPart(int part) {
    try {
      // a switch, not lambdas: each lambda would link a call site on a short command's start
      switch (part) {
        case JACKSON -> jackson();
        case RECORDS -> records();
        default -> jgit();
      }
    } catch (LinkageError | RuntimeException e) {
      // the command meets the same failure itself, and reports it as it always has
    }
  }

  private static void jackson() {
    load(CLASSES);
    StateJson.prepareReaders(Pipeline.class);
  }

  /**
   * The first record {@code equals} ({@code SafeYaml.read} asks it of {@link YamlLimits}) and
   * those of a pipeline and its parts, which {@code Workspace.open} compares (the file's and the
   * stored one). Equal, distinct values, so that every component's {@code equals} runs.
   */
  private static void records() {
    YamlLimits.defaults().equals(YamlLimits.defaults());
    pipeline().equals(pipeline());
  }

  private static Pipeline pipeline() {
    return new Pipeline(ProjectId.of("warm-up"), List.of(Stage.of("a"), Stage.of("b")),
        List.of(StageTransition.of("a", "b", 0)), Set.of(), 0);
  }

  private static void jgit() {
    JGitText.get();
    load(JGIT_CLASSES);
  }

  private static void load(List<String> names) {
    ClassLoader loader = ClassWarmUp.class.getClassLoader();
    for (String name : names) {
      try {
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e); // ended by runPart, as any failure here
      }
    }
  }
}
