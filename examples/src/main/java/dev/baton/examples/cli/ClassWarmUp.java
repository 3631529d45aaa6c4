package dev.baton.examples.cli;

import java.util.List;

/**
 * Initializes, on a second thread, the classes whose static set-up a command on a repository
 * spends most of its start in: the JSON mapper of the state files and the YAML mapper of the
 * pipeline file (Jackson's own set-up, down to the calendar data of its default date format).
 * The command's thread builds picocli's command model and parses the arguments meanwhile, then
 * waits for the warm-up to end ({@link #awaitDone}) before the command runs or a usage error is
 * reported. That wait is what makes it safe: the two threads never initialize Jackson's classes
 * at the same time, so a cycle among their static initializers (Jackson has had such, e.g.
 * {@code PropertyNamingStrategy} and its subclasses) cannot deadlock the two threads. Only a
 * class's initialization runs early: nothing is read and nothing changes, so a command does and
 * prints exactly what it would without it. Thread-safe.
 */
final class ClassWarmUp {
  /**
   * The classes, in the order a command needs them: Baton's JSON and YAML code and, through
   * it, Jackson, which the command's thread does not touch before {@link #awaitDone}.
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
    for (String name : CLASSES) {
      try {
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return; // the command meets the same failure itself, and reports it as it always has
      }
    }
  }
}
