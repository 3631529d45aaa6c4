package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@link YamlEditor#apply(YamlFile)}, which skips reading the edited text back where it is known
 * to pass, against {@link YamlEditor#apply()}, which always reads it back: random files (the
 * edit properties' files, values-like files, small files with anchors, tags and flow
 * collections) get the random edits of {@link DerivedParseProperties}, so that the new text is
 * often derived from the old one's parse; then the old file is edited toward the new one by
 * scalar replacements (each changed scalar's new value, in a random subset, sometimes another
 * value, another style, or a replacement of another kind besides) and both ways of applying
 * must give the same text or the same refusal. The reading back must be skipped in a good share
 * of cases, and only where it would have passed.
 */
class ReadBackProperties {
  private static final String PATH = "env/values.yaml";

  private int attempts;
  private int skipped;

  @Test
  void skippingTheReadingBackChangesNoOutcomeOnTheEditPropertiesFiles() {
    Property.forAll(Gen.of(r -> r.split())).runs(2_000).shrinkBudget(0)
        .verify(r -> check(YamlEditProperties.generate(r).text(), r));
    // about one edit in eight derives on these files (see DerivedParseProperties), and fewer
    // still change only what gets copied back
    assertThat(skipped).as("skipped of %s", attempts).isGreaterThan(attempts / 40);
  }

  @Test
  void skippingTheReadingBackChangesNoOutcomeOnValuesFiles() {
    Property.forAll(Gen.of(r -> r.split())).runs(3_000).shrinkBudget(0)
        .verify(r -> check(DerivedParseProperties.values(r), r));
    assertThat(skipped).as("skipped of %s", attempts).isGreaterThan(attempts / 20);
  }

  @Test
  void skippingTheReadingBackChangesNoOutcomeOnSmallTrickyFiles() {
    Property.forAll(Gen.of(r -> r.split())).runs(3_000).shrinkBudget(0)
        .verify(r -> check(DerivedParseProperties.tricky(r), r));
    assertThat(skipped).as("skipped of %s", attempts).isGreaterThan(attempts / 50);
  }

  @Test
  void aFileNotDerivedFromTheEditedOneIsReadBack() {
    ContentCache.clearAll();
    YamlFile base = YamlFile.parse(PATH, "image:\n  tag: \"1.0.0\"\n", YamlLimits.defaults());
    // the same new text parsed from scratch: equal content, but no derivation to vouch for it
    YamlFile fresh = YamlFile.parseFresh(PATH, "image:\n  tag: \"1.0.1\"\n",
        YamlLimits.defaults());
    YamlFile derived = YamlFile.parse(PATH, "image:\n  tag: \"1.0.1\"\n", YamlLimits.defaults());
    ScalarNode tag = (ScalarNode) YamlFile.get(base.documents().get(0), "image")
        .flatMap(image -> YamlFile.get(image, "tag")).orElseThrow();
    ScalarNode newTag = (ScalarNode) YamlFile.get(derived.documents().get(0), "image")
        .flatMap(image -> YamlFile.get(image, "tag")).orElseThrow();
    assertThat(derived.changedFrom(base, tag)).isSameAs(newTag);
    assertThat(fresh.changedFrom(base, tag)).isNull();
    assertThat(base.changedFrom(derived, newTag)).isNull();
    // a node of the base that the derivation did not change has no counterpart to tell
    Node image = YamlFile.get(base.documents().get(0), "image").orElseThrow();
    assertThat(derived.changedFrom(base, image)).isNull();
  }

  private void check(String baseText, Randomness r) {
    ContentCache.clearAll();
    YamlFile base;
    YamlFile edited;
    String editedText;
    try {
      // the base first, so that the edited text may be derived from its parse
      base = YamlFile.parse(PATH, baseText, YamlLimits.defaults());
      editedText = DerivedParseProperties.edit(base, r);
      edited = YamlFile.parse(PATH, editedText, YamlLimits.defaults());
    } catch (BatonException e) {
      return;
    }
    attempts++;
    // the base's scalars, each with the scalar at its place in the edited file
    List<ScalarNode> all = new ArrayList<>();
    List<ScalarNode> values = new ArrayList<>();
    for (Node root : base.documents()) {
      DerivedParseProperties.scalars(root, all, values, false);
    }
    List<Function<YamlEditor, YamlEditor>> edits = new ArrayList<>();
    for (ScalarNode target : values) {
      List<Object> path = NodePath.of(base, target);
      Node there = path == null ? null : NodePath.resolve(edited, path);
      boolean changed = there instanceof ScalarNode s && !s.getValue().equals(target.getValue());
      int choice = r.nextInt(0, 9);
      if (changed && choice < 8) {
        ScalarText value = ScalarText.of((ScalarNode) there);
        edits.add(editor -> editor.replaceScalar(target, value));
      } else if (choice == 8) {
        // another value, sometimes of another style
        ScalarText value = new ScalarText(r.nextBoolean() ? "zz" : "1.0.6", r.nextBoolean());
        edits.add(editor -> editor.replaceScalar(target, value));
      } else if (choice == 9 && there != null) {
        // a replacement of another kind, with the edited file's node
        edits.add(editor -> editor.replaceValue(target, edited, there));
      }
    }
    if (edits.isEmpty()) {
      return;
    }
    String skipping = outcome(base, edits, edited);
    String reading = outcome(base, edits, null);
    assertThat(skipping).as("%s%n->%n%s", baseText, editedText).isEqualTo(reading);
  }

  // the edited text ("ok " and the text) or the refusal, by apply(expected) or by apply()
  private String outcome(YamlFile base, List<Function<YamlEditor, YamlEditor>> edits,
      YamlFile expected) {
    YamlEditor editor = YamlEditor.of(base);
    for (Function<YamlEditor, YamlEditor> edit : edits) {
      edit.apply(editor);
    }
    String result;
    try {
      result = expected == null ? editor.apply() : editor.apply(expected);
    } catch (BatonException e) {
      return e.code() + " " + e.getMessage();
    }
    if (expected != null
        && SpliceWriter.readsBackAsExpected(base, editor.planned(), result, expected)) {
      // skipped: the reading back it skipped passes
      skipped++;
      SpliceWriter.verify(base, editor.planned(), result);
    }
    return "ok " + result;
  }
}
