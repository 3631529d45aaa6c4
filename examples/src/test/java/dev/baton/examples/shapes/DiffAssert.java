package dev.baton.examples.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks a promotion's commit the way a reviewer reads it: it is the one new commit on
 * {@code main}, {@code git show --stat} names only the files that hold the moved versions, and
 * {@code git diff} is exactly one line out and one line in per moved value, nothing else.
 */
final class DiffAssert {
  private final GitRepo repo;
  private final String before;
  private final String head;

  private DiffAssert(GitRepo repo, String before) {
    this.repo = repo;
    this.before = before;
    this.head = repo.head();
  }

  /** The commit(s) on main since {@code before}. */
  static DiffAssert assertThatCommitAfter(GitRepo repo, String before) {
    return new DiffAssert(repo, before);
  }

  /** One moved value: the line the target had and the line it has now, in one file. */
  record Line(String file, String removed, String added) {}

  /** A moved value in a file (a path relative to the repository root). */
  static Line line(String file, String removed, String added) {
    return new Line(file, removed, added);
  }

  /** Exactly one new commit on main, whose parent is {@code before}. */
  DiffAssert isOneNewCommit() {
    String count = repo.git("rev-list", "--count", before + "..refs/heads/main").strip();
    assertThat(count).as("new commits on main since %s (stat of HEAD:%n%s)", before, report())
        .isEqualTo("1");
    assertThat(repo.parent(head)).isEqualTo(before);
    return this;
  }

  /**
   * The commit touches exactly the files of {@code lines} and, in each, removes exactly the
   * expected lines and adds exactly the expected ones, in file order.
   */
  DiffAssert movesExactly(Line... lines) {
    Map<String, GitRepo.FileLines> expected = new LinkedHashMap<>();
    for (Line line : lines) {
      GitRepo.FileLines file = expected.computeIfAbsent(line.file(),
          f -> new GitRepo.FileLines(new ArrayList<>(), new ArrayList<>()));
      file.removed().add(line.removed());
      file.added().add(line.added());
    }
    assertThat(new TreeSet<>(touchedFiles())).as("files in git show --stat:%n%s", report())
        .containsExactlyElementsOf(new TreeSet<>(expected.keySet()));
    Map<String, GitRepo.FileLines> actual = repo.diff(before, head);
    assertThat(new TreeSet<>(actual.keySet())).as("files in git diff:%n%s", report())
        .containsExactlyElementsOf(new TreeSet<>(expected.keySet()));
    expected.forEach((file, want) -> {
      assertThat(actual.get(file).removed()).as("lines removed from %s:%n%s", file, report())
          .containsExactlyElementsOf(want.removed());
      assertThat(actual.get(file).added()).as("lines added to %s:%n%s", file, report())
          .containsExactlyElementsOf(want.added());
    });
    // the commit each shape makes, for the test log (it is quoted in reports)
    System.out.println(report());
    return this;
  }

  /** Nothing under these folders changed. */
  DiffAssert leavesUntouched(String... folders) {
    for (String folder : folders) {
      assertThat(repo.git("diff", "--name-only", before, head, "--", folder).strip())
          .as("changes under %s:%n%s", folder, report()).isEmpty();
    }
    return this;
  }

  /** The paths {@code git show --stat} lists for the new head. */
  List<String> touchedFiles() {
    if (head.equals(before)) {
      return List.of();
    }
    return repo.stat(head).stream().filter(l -> l.contains("|"))
        .map(l -> l.substring(0, l.indexOf('|')).strip()).toList();
  }

  /** {@code git show --stat} and the diff, for failure messages and the test log. */
  String report() {
    if (head.equals(before)) {
      return "(no new commit on main)";
    }
    String text = repo.diffText(before, head);
    if (text.length() > 6000) {
      text = text.substring(0, 6000) + "\n... (diff cut at 6000 characters)";
    }
    return "git show --stat " + head.substring(0, 8) + ":\n" + String.join("\n", repo.stat(head))
        + "\n" + text;
  }
}
