package dev.baton.preview;

import static dev.baton.manifests.Envs.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.manifests.Difference;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.manifests.SensitiveNames;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Sensitive values never show in a preview (items, differences, diffs, JSON and YAML), while
 * the plan still moves the real values.
 */
class SensitiveValuesTest {
  private static final ProjectId SHOP = ProjectId.of("shop");
  // every secret of both environments; none may be shown
  private static final List<String> SECRETS = List.of("pw-staging-7f3a", "pw-prod-91bc",
      "hunter2-staging", "hunter2-prod", "sk-staging-44", "sk-prod-55", "tok-staging-66",
      "tok-prod-77", "c3RhZ2luZw==", "cHJvZA==", "url-staging-88", "url-prod-99",
      "lit-staging-11", "lit-prod-22", "envpw-staging", "envpw-prod");

  private static EnvironmentFiles environment(String name, String tag) {
    return env(name,
        "values.yaml", "image:\n  tag: \"" + tag + "\"\n"
            + "url: postgres://app:${DB_PASSWORD}@db/app\n"
            + "db:\n  password: hunter2-" + name + "\n  host: db-" + name + "\n"
            + "api:\n  signing_key: sk-" + name + "-" + (name.equals("staging") ? 44 : 55)
            + "\n",
        "variables.yaml", "DB_PASSWORD: pw-" + name + (name.equals("staging") ? "-7f3a" : "-91bc")
            + "\nDB_URL: url-" + name + (name.equals("staging") ? "-88" : "-99")
            + "\nDOMAIN: " + name + ".example.com\n",
        "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n"
            + "  user: " + (name.equals("staging") ? "c3RhZ2luZw==" : "cHJvZA==") + "\n"
            + "stringData:\n  token: |\n    tok-" + name + "-"
            + (name.equals("staging") ? 66 : 77) + "\n",
        "kustomization.yaml", "resources: [secret.yaml]\nsecretGenerator:\n  - name: app\n"
            + "    literals:\n      - key=lit-" + name + "-" + (name.equals("staging") ? 11 : 22)
            + "\n",
        "app.env", "LOG_LEVEL=info\nDB_PASSWORD=envpw-" + name + "\n");
  }

  private static final EnvironmentFiles STAGING = environment("staging", "1.4.0");
  private static final EnvironmentFiles PROD = environment("prod", "1.3.0");
  private static final EnumSet<PromotableProperty> ALL = EnumSet.allOf(PromotableProperty.class);
  private static final List<PromotionRule> WHOLE_FILES = List.of(
      new PromotionRule("secret.yaml", List.of(), List.of()),
      new PromotionRule("app.env", List.of(), List.of()));
  private static final SensitiveNames NAMES = SensitiveNames.with(List.of("DB_URL"));

  private static PromotionPlan plan() {
    return PromotionPlanner.create().plan(STAGING, PROD, ALL, WHOLE_FILES, NAMES);
  }

  private static Preview preview() {
    return Previewer.create().preview(SHOP, STAGING, PROD, Optional.of(PROD), plan());
  }

  @Test
  void noSecretShowsInThePreviewAsJsonOrYaml() {
    Preview preview = preview();
    String json = PreviewFormat.toJson(preview);
    String yaml = PreviewFormat.toYaml(preview);
    for (String secret : SECRETS) {
      assertThat(json).as("JSON").doesNotContain(secret);
      assertThat(yaml).as("YAML").doesNotContain(secret);
      assertThat(preview.toString()).as("the record").doesNotContain(secret);
    }
    // what is not secret still shows, and where a secret is, people see that one is there
    assertThat(json).contains("1.4.0").contains("db-staging").contains("LOG_LEVEL=info")
        .contains("postgres://app:<sensitive:DB_PASSWORD>@db/app").contains("<sensitive>");
  }

  @Test
  void aChangedSecretStillShowsAsAChangeWithoutItsValue() {
    Preview preview = preview();
    assertThat(preview.variables()).filteredOn(i -> i.key().equals("DB_PASSWORD"))
        .singleElement().satisfies(item -> {
          assertThat(item.action()).isEqualTo(PreviewAction.UPDATE);
          assertThat(item.source()).contains(SensitiveNames.MASK);
          assertThat(item.after()).contains(SensitiveNames.MASK);
        });
    assertThat(preview.values()).filteredOn(i -> i.key().equals("values.yaml:url"))
        .singleElement().satisfies(item -> {
          // the URL changes because the password it is resolved with moves
          assertThat(item.action()).isEqualTo(PreviewAction.UPDATE);
          assertThat(item.source()).contains("postgres://app:<sensitive:DB_PASSWORD>@db/app");
        });
    assertThat(preview.differences()).filteredOn(d -> d.path().equals("db.password"))
        .singleElement().satisfies(d -> {
          assertThat(d.sensitive()).isTrue();
          assertThat(d.moves()).isTrue();
          assertThat(d.source()).contains(SensitiveNames.MASK);
        });
    FileDiff env = preview.files().stream().filter(f -> f.path().equals("app.env"))
        .findFirst().orElseThrow();
    assertThat(env.diff().orElseThrow()).contains(" LOG_LEVEL=info", "-DB_PASSWORD=<sensitive>")
        .contains("+DB_PASSWORD=<sensitive>");
    assertThat(env.addedLines()).hasValue(1);
  }

  @Test
  void thePlanMovesTheRealValues() {
    PromotionPlan plan = plan();
    String written = String.join("\n", plan.changes().stream()
        .map(FileChange::content).flatMap(Optional::stream).toList());
    assertThat(written).contains("hunter2-staging", "pw-staging-7f3a", "tok-staging-66",
        "envpw-staging", "c3RhZ2luZw==", "sk-staging-44")
        .doesNotContain("<sensitive");
    assertThat(plan.differences()).filteredOn(Difference::sensitive)
        .allSatisfy(d -> assertThat(d.source().orElse("") + d.target().orElse(""))
            .doesNotContain("<sensitive"));
  }

  @Test
  void namesAreMatchedCaseInsensitivelyAsWholeNamesByGlob() {
    SensitiveNames names = SensitiveNames.with(List.of("*_CREDENTIALS", "DB_UR?"));
    assertThat(names.matches("db_password")).isTrue();
    assertThat(names.matches("githubToken")).isTrue();
    assertThat(names.matches("client-secret")).isTrue();
    assertThat(names.matches("STRIPE_KEY")).isTrue();
    assertThat(names.matches("apiKey")).isTrue();
    assertThat(names.matches("aws_credentials")).isTrue();
    assertThat(names.matches("DB_URL")).isTrue();
    assertThat(names.matches("DB_URLS")).isFalse();
    assertThat(names.matches("key")).isFalse();
    assertThat(names.matches("keyPrefix")).isFalse();
    assertThat(names.matches("host")).isFalse();
    assertThat(SensitiveNames.defaults().matches("DB_URL")).isFalse();
  }
}
