package dev.baton.examples.badinput;

import static dev.baton.error.ErrorCode.DOCUMENT_TOO_LARGE;
import static dev.baton.error.ErrorCode.MALFORMED_DOCUMENT;
import static dev.baton.error.ErrorCode.PATH_OUTSIDE_ENVIRONMENT;

import dev.baton.PromotionRequest;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bad files in an environment folder on the branch (committed first, as a person would): YAML
 * that does not parse, refused YAML features, bytes that are not UTF-8, files past the size,
 * depth and key limits, and names some file system reads as {@code .git}. Each is met through
 * a preview and through a request, in the source and in the target.
 */
final class EnvironmentFileCases {
  static final String FAMILY = "environment file";
  static final String PATHS = "path";

  private EnvironmentFileCases() {}

  static List<BadCase> all() {
    List<BadCase> c = new ArrayList<>();
    bad(c, "values.yaml does not parse", MALFORMED_DOCUMENT, "values.yaml", "a: [1, 2\n");
    bad(c, "kustomization.yaml does not parse", MALFORMED_DOCUMENT, "kustomization.yaml",
        "resources:\n  - service.yaml\nimages: {\n");
    bad(c, "values.yaml with a duplicate key", MALFORMED_DOCUMENT, "values.yaml",
        "replicas: 1\nreplicas: 2\n");
    // Aliases are ordinary YAML in values files; expanding past the node budget is a size.
    bad(c, "values.yaml billion laughs", DOCUMENT_TOO_LARGE, "values.yaml", laughs());
    bad(c, "values.yaml with a python tag", MALFORMED_DOCUMENT, "values.yaml",
        "a: !!python/object/apply:os.system [\"id\"]\n");
    bad(c, "values.yaml nested 100 deep", MALFORMED_DOCUMENT, "values.yaml", nested(100));
    bad(c, "values.yaml with 100,001 keys", DOCUMENT_TOO_LARGE, "values.yaml", keys(100_001));
    bad(c, "values.yaml larger than 1 MiB", DOCUMENT_TOO_LARGE, "values.yaml",
        "a: \"" + "x".repeat((1 << 20) + 10) + "\"\n");
    bad(c, "variables.yaml does not parse", MALFORMED_DOCUMENT, "variables.yaml",
        "DB_HOST: [db\n");
    badBytes(c, "values.yaml is Latin-1", MALFORMED_DOCUMENT, "values.yaml",
        "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    badBytes(c, "values.yaml holds 0xFF 0xFE", MALFORMED_DOCUMENT, "values.yaml",
        new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    badBytes(c, "values.yaml is UTF-16", MALFORMED_DOCUMENT, "values.yaml",
        "a: 1\n".getBytes(StandardCharsets.UTF_16));
    lookAlike(c, ".git. folder", ".git./config");
    lookAlike(c, "GIT~1 folder", "GIT~1/config");
    lookAlike(c, ".g zero-width it folder", ".g\u200cit/config");
    lookAlike(c, ".GIT with byte-order mark", ".GIT\ufeff/config");
    lookAlike(c, "device name con.yaml", "con.yaml");
    lookAlike(c, "device name aux.txt", "aux.txt");
    lookAlike(c, "NTFS stream a:b.yaml", "a:b.yaml");
    lookAlike(c, "trailing space", "values.yaml ");
    return c;
  }

  private static void bad(List<BadCase> c, String name, ErrorCode code, String file,
      String text) {
    badBytes(c, name, code, file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void badBytes(List<BadCase> c, String name, ErrorCode code, String file,
      byte[] bytes) {
    BadCase.Call inSource = w -> w.commitFiles(Map.of("envs/staging/" + file, bytes));
    BadCase.Call inTarget = w -> w.commitFiles(Map.of("envs/production/" + file, bytes));
    c.add(BadCase.prepared(FAMILY, name + " (source, preview)", code, inSource,
        EnvironmentFileCases::preview));
    c.add(BadCase.prepared(FAMILY, name + " (source, request)", code, inSource,
        EnvironmentFileCases::request));
    c.add(BadCase.prepared(FAMILY, name + " (target, request)", code, inTarget,
        EnvironmentFileCases::request));
  }

  private static void lookAlike(List<BadCase> c, String name, String path) {
    BadCase.Call setup = w -> w.commitIndexEntry("envs/staging/" + path, "x: 1\n");
    c.add(BadCase.prepared(PATHS, name + " in the source (preview)", PATH_OUTSIDE_ENVIRONMENT,
        setup, EnvironmentFileCases::preview));
    c.add(BadCase.prepared(PATHS, name + " in the source (request)", PATH_OUTSIDE_ENVIRONMENT,
        setup, EnvironmentFileCases::request));
  }

  private static void preview(BadInputWorld w) {
    w.baton().previews().preview(BadInputWorld.SHOP, EnvironmentName.of("staging"),
        EnvironmentName.of("production"));
  }

  private static void request(BadInputWorld w) {
    w.baton().promotions().request(
        PromotionRequest.of("shop", "staging", "production", "carol@example.com"));
  }

  private static String laughs() {
    StringBuilder s = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char n = 'b'; n <= 'j'; n++) {
      char p = (char) (n - 1);
      s.append(n).append(": &").append(n).append(" [*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    return s.toString();
  }

  private static String nested(int depth) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      s.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    return s.append("  ".repeat(depth)).append("leaf: 1\n").toString();
  }

  private static String keys(int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append('k').append(i).append(": 1\n");
    }
    return s.toString();
  }
}
