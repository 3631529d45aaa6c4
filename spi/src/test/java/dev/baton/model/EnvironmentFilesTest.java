package dev.baton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.baton.error.BatonException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The executable paths of an environment's files: marked ones kept sorted and read-only, and an
 * empty mark (the usual case, kept as one shared set) read exactly as an empty marked set is.
 * The files: sorted, read-only, shared by a copy for another revision ({@code
 * EnvironmentFilesProperties} in core compares them with a read-only tree on random files).
 */
class EnvironmentFilesTest {
  private static final EnvironmentName DEV = EnvironmentName.of("dev");
  private static final Revision C1 = Revision.of("c1");

  @Test
  void noExecutablePathReadsAsAnEmptySortedSetThatCannotChange() {
    EnvironmentFiles none = EnvironmentFiles.of(DEV, C1, Map.of("b.yaml", "b", "a.yaml", "a"));
    EnvironmentFiles marked = new EnvironmentFiles(DEV, C1,
        new TreeMap<>(Map.of("a.yaml", "a", "run.sh", "x")), new TreeSet<>(Set.of("run.sh")));

    assertThat(none.executable()).isEmpty();
    assertThat(none.executable()).isEqualTo(new TreeSet<>()).hasSameHashCodeAs(new TreeSet<>());
    assertThat(none.executable().comparator()).isNull();
    assertThat(none).isEqualTo(EnvironmentFiles.of(DEV, C1, Map.of("a.yaml", "a",
        "b.yaml", "b")));
    assertThat(none.isExecutable("a.yaml")).isFalse();
    assertThatThrownBy(() -> none.executable().add("a.yaml"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(marked.executable()).containsExactly("run.sh");
    assertThat(marked.isExecutable("run.sh")).isTrue();
    assertThatThrownBy(() -> marked.executable().remove("run.sh"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(List.copyOf(none.files().keySet())).containsExactly("a.yaml", "b.yaml");
  }

  @Test
  void filesAreASortedMapThatCannotChangeAndAnotherRevisionSharesThem() {
    TreeMap<String, String> given = new TreeMap<>(Map.of("b.yaml", "b", "a.yaml", "a"));
    EnvironmentFiles files = new EnvironmentFiles(DEV, C1, given);
    given.put("c.yaml", "c");

    assertThat(files.files()).containsExactly(entry("a.yaml", "a"), entry("b.yaml", "b"));
    assertThat(files.files()).isEqualTo(Map.of("a.yaml", "a", "b.yaml", "b"))
        .hasSameHashCodeAs(Map.of("a.yaml", "a", "b.yaml", "b"));
    assertThat(files.files().comparator()).isNull();
    assertThat(files.files().firstKey()).isEqualTo("a.yaml");
    assertThat(files.files().tailMap("b")).containsExactly(entry("b.yaml", "b"));
    assertThatThrownBy(() -> files.files().remove("nothing"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> files.files().entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new EnvironmentFiles(DEV, Revision.of("c2"), files.files()).files())
        .isSameAs(files.files());
  }

  @Test
  void aMarkOnAPathThatIsNotAFileIsRefused() {
    assertThatThrownBy(() -> new EnvironmentFiles(DEV, C1, new TreeMap<>(Map.of("a.yaml", "a")),
        new TreeSet<>(Set.of("run.sh")))).isInstanceOf(BatonException.class)
        .hasMessageContaining("'run.sh' is marked executable");
  }
}
