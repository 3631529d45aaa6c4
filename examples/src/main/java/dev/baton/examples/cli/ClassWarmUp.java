package dev.baton.examples.cli;

import java.util.List;

/**
 * Initializes, on a second thread, the classes whose static set-up a command on a repository
 * spends most of its start in: the JSON mapper of the state files and the YAML mapper of the
 * pipeline file (Jackson's own set-up, down to the calendar data of its default date format).
 * The command's thread parses its arguments and opens the repository meanwhile, and finds them
 * ready, or waits for the JVM to finish initializing them: the JVM initializes a class once,
 * whichever thread gets there first. Only a class's initialization runs early: nothing is read
 * and nothing changes, so a command does and prints exactly what it would without it. Stateless;
 * thread-safe.
 */
final class ClassWarmUp {
  /**
   * The classes, in the order a command needs them. Both reach only Jackson and Baton's JSON
   * and YAML code, which the command's thread enters only through them: one thread initializes
   * each class while the other waits, never a cycle of waits.
   */
  static final List<String> CLASSES = List.of(
      "dev.baton.git.state.internal.StateJson",
      "dev.baton.internal.yaml.SafeYaml");

  private ClassWarmUp() {
  }

  /** Starts the warm-up on a daemon thread (it never keeps the JVM alive). */
  static void start() {
    Thread thread = new Thread(ClassWarmUp::run, "baton-class-warm-up");
    thread.setDaemon(true);
    thread.start();
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
