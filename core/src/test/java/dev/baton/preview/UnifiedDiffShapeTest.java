package dev.baton.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.PatchFailedException;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Revision;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Random file edits: every unified diff in a preview applies back to the new text, and within a
 * run of changed lines the removals come before the additions, as git shows them.
 */
class UnifiedDiffShapeTest {
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");

  private static String text(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  @Test
  void diffsApplyAndShowRemovalsFirst() {
    Gen<List<String>> lines = Gen.listOf(Gen.strings("abc", 1, 2), 0, 30);
    Property.forAll(lines.flatMap(before -> lines.map(after -> List.of(before, after))))
        .runs(300)
        .verify(pair -> {
          String before = text(pair.get(0));
          String after = text(pair.get(1));
          Preview preview = Previewer.create().preview(ProjectId.of("shop"),
              EnvironmentFiles.of(STAGING, Revision.of("s"), Map.of("notes.txt", after)),
              EnvironmentFiles.of(PRODUCTION, Revision.of("p"), Map.of("notes.txt", before)),
              Optional.empty(), java.util.EnumSet.of(PromotableProperty.BINDINGS),
              java.util.List.of());
          if (before.equals(after)) {
            assertThat(preview.files()).isEmpty();
            return;
          }
          FileDiff diff = preview.files().get(0);
          List<String> unified = diff.diff().orElseThrow().lines().toList();
          List<String> patched;
          try {
            patched = DiffUtils.patch(new ArrayList<>(pair.get(0)),
                UnifiedDiffUtils.parseUnifiedDiff(unified));
          } catch (PatchFailedException e) {
            throw new AssertionError("the diff does not apply:\n" + String.join("\n", unified), e);
          }
          assertThat(patched).isEqualTo(pair.get(1));
          char previous = ' ';
          for (String line : unified.subList(2, unified.size())) {
            char kind = line.charAt(0);
            assertThat(previous == '+' && kind == '-').as("'-' after '+' in%n%s",
                String.join("\n", unified)).isFalse();
            previous = kind;
          }
        });
  }
}
