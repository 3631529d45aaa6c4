package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sensitive values never leave the environment's files: not in the preview (text, JSON, YAML),
 * the request's output, the state on {@code refs/baton/state}, the notification outbox or the
 * commit message, while the promotion still writes the real values where they move.
 */
class SecretsIT extends CliTestBase {
  private static final String LEAD = "lead@example.com";
  private static final List<String> ENVS = List.of("dev", "staging", "production");

  /** Every secret the repository holds, by environment. */
  private static List<String> secrets(String env) {
    return List.of("pw-" + env + "-5a1", "hunter2-" + env, "tok-" + env + "-9c2",
        "dburl-" + env + "-77", "envpw-" + env + "-3d");
  }

  @BeforeEach
  void sample() throws IOException {
    init();
    for (String env : ENVS) {
      Path folder = repo.resolve("envs").resolve(env);
      append(folder.resolve("values.yaml"), """
          database:
            url: "postgres://app:${DB_PASSWORD}@db/app"
            password: hunter2-%s
          """.formatted(env));
      append(folder.resolve("variables.yaml"), "DB_PASSWORD: pw-" + env + "-5a1\n"
          + "DB_URL: dburl-" + env + "-77\n");
      Files.writeString(folder.resolve("secret.yaml"), """
          apiVersion: v1
          kind: Secret
          metadata:
            name: db
          stringData:
            token: tok-%s-9c2
          """.formatted(env));
      Files.writeString(folder.resolve("app.env"), "LOG_LEVEL=info\nDB_PASSWORD=envpw-" + env
          + "-3d\n");
    }
    Path pipeline = repo.resolve(".baton/pipeline.yaml");
    Files.writeString(pipeline, Files.readString(pipeline)
        + "defaultScope: [image_tags, values, variables]\n"
        + "sensitive: [DB_URL]\n"
        + "rules:\n  - files: secret.yaml\n  - files: app.env\n");
    git("add", "-A").ok();
    git("commit", "-qm", "secrets in every environment").ok();
    as(LEAD, "pipeline", "set", pipeline.toString()).ok();
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, Files.readString(file) + text);
  }

  @Test
  void noSecretIsShownStoredOrToldAndTheRealValuesMove() throws IOException {
    List<CliProcess.Result> shown = new ArrayList<>();
    shown.add(baton("preview", "--from", "dev", "--to", "staging", "--all").ok());
    shown.add(baton("--json", "preview", "--from", "dev", "--to", "staging").ok());
    shown.add(baton("preview", "--from", "dev", "--to", "staging", "--yaml").ok());
    CliProcess.Result requested = as("alice@example.com", "request", "--from", "dev", "--to",
        "staging").ok();
    shown.add(requested);
    String id = promotionId(requested.out());
    shown.add(baton("show", id).ok());
    shown.add(baton("--json", "show", id).ok());
    shown.add(baton("preview", "--promotion", id, "--all").ok());
    shown.add(baton("--json", "preview", "--promotion", id).ok());

    StringBuilder seen = new StringBuilder();
    for (CliProcess.Result r : shown) {
      seen.append(r.out()).append(r.err());
    }
    String state = git("log", "-p", "refs/baton/state").ok().out();
    String messages = git("log", "--format=%B", "main").ok().out();
    Path outbox = repo.resolve(".git/baton/notifications.jsonl");
    String told = Files.exists(outbox) ? Files.readString(outbox) : "";
    for (String env : ENVS) {
      for (String secret : secrets(env)) {
        assertThat(seen.toString()).as("command output").doesNotContain(secret);
        assertThat(state).as("git log -p refs/baton/state").doesNotContain(secret);
        assertThat(messages).as("commit messages").doesNotContain(secret);
        assertThat(told).as("notifications").doesNotContain(secret);
      }
    }
    // the preview still says where secrets are and that they change
    String text = shown.get(0).out();
    assertThat(text).contains("<sensitive");
    assertThat(shown.get(1).out()).contains("postgres://app:<sensitive:DB_PASSWORD>@db/app")
        .contains("\"sensitive\" : true");
    assertThat(told).isNotEmpty();
    assertThat(messages).contains("Promotion-Id: " + id);

    // what moved was written with the real values
    assertThat(git("show", "main:envs/staging/values.yaml").ok().out())
        .contains("password: hunter2-dev");
    assertThat(git("show", "main:envs/staging/variables.yaml").ok().out())
        .contains("DB_PASSWORD: pw-dev-5a1");
    assertThat(git("show", "main:envs/staging/secret.yaml").ok().out())
        .contains("token: tok-dev-9c2");
    assertThat(git("show", "main:envs/staging/app.env").ok().out())
        .contains("DB_PASSWORD=envpw-dev-3d");
    assertThat(git("show", "main:envs/production/values.yaml").ok().out())
        .contains("password: hunter2-production");
  }
}
