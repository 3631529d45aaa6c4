package dev.baton.examples.cli;

import dev.baton.git.state.internal.StateJson;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.model.Pipeline;
import java.util.List;
import org.eclipse.jgit.internal.JGitText;

/**
 * Does, on a second thread, the one-time set-up a command on a repository spends most of its start
 * in, wherever it would come first: the static set-up of the JSON mapper of the state files and
 * of the YAML mapper of the pipeline file (Jackson's own, down to the calendar data of its
 * default date format), the state files' reader of a stored pipeline (Jackson builds it by
 * reflection), the method handles behind a record's {@code equals} (linked once per record class,
 * and the first one builds the forms every later one shares), and JGit's message bundle (read
 * and set field by field when a repository is first opened). The command's thread builds
 * picocli's command model and parses the arguments meanwhile, then waits for the warm-up to end
 * ({@link #awaitDone}) before the command runs or a usage error is reported. That wait is what
 * makes it safe: the two threads never set up Jackson's or JGit's classes at the same time, so a
 * cycle among their static initializers (Jackson has had such, e.g.
 * {@code PropertyNamingStrategy} and its subclasses) cannot deadlock the two threads. Each step is
 * a process-wide cache the command would fill with the same content itself: nothing is read
 * from the repository and nothing changes, so a command does and prints exactly what it would
 * without it. Thread-safe.
 */
final class ClassWarmUp {
  /**
   * The classes, in the order a command needs them: Baton's JSON and YAML code and, through
   * it, Jackson, which the command's thread does not touch before {@link #awaitDone} (nor JGit).
   */
  static final List<String> CLASSES = List.of(
      "dev.baton.git.state.internal.StateJson",
      "dev.baton.internal.yaml.SafeYaml");

  // the warm-up started in this process, if any; a process runs one command
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
    ClassLoader loader = ClassWarmUp.class.getClassLoader();
    try {
      for (String name : CLASSES) {
        Class.forName(name, true, loader);
      }
      StateJson.prepareReaders(Pipeline.class);
      YamlLimits limits = YamlLimits.defaults();
      limits.equals(YamlLimits.defaults()); // what SafeYaml.read asks first
      JGitText.get();
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      // the command meets the same failure itself, and reports it as it always has
    }
  }
}
