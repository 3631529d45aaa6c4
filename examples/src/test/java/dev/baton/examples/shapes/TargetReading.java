package dev.baton.examples.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Whether a target environment reads the same after a promotion as before it, apart from the
 * workload versions: the same files, the same parsed YAML once every version scalar is masked,
 * and, where {@code kubectl} is on the PATH and the folder is a Kustomize root, the same
 * {@code kubectl kustomize} render apart from its {@code image:} lines.
 */
final class TargetReading {
  private static final String MASK = "<version>";
  private static final Pattern IMAGE_LINE = Pattern.compile("^\\s*(- )?image: .*$");
  private static final boolean KUBECTL = GitRepo.Run.run(Path.of("."),
      List.of("kubectl", "version", "--client")).exitCode() == 0;

  private TargetReading() {}

  /** Whether renders are compared too on this machine. */
  static boolean kubectlAvailable() {
    return KUBECTL;
  }

  /** Fails unless the folder reads the same at both commits apart from versions. */
  static void assertSameApartFromVersions(GitRepo repo, String before, String after,
      String folder, Path scratch) {
    List<String> files = repo.files(before, folder);
    assertThat(repo.files(after, folder)).as("files of %s", folder)
        .containsExactlyElementsOf(files);
    for (String file : files) {
      if (file.endsWith(".yaml") || file.endsWith(".yml")) {
        assertThat(versionBlind(repo.show(after, file)))
            .as("%s parsed, versions masked", file)
            .isEqualTo(versionBlind(repo.show(before, file)));
      }
    }
    if (KUBECTL && files.contains(folder + "/kustomization.yaml")) {
      String was = render(repo, before, folder, scratch.resolve("before"));
      String is = render(repo, after, folder, scratch.resolve("after"));
      assertThat(withoutImageLines(is)).as("kubectl kustomize %s, image lines left out", folder)
          .isEqualTo(withoutImageLines(was));
    }
  }

  /** {@code kubectl kustomize} of a folder at a commit. */
  static String render(GitRepo repo, String commit, String folder, Path into) {
    Path tree = repo.export(commit, into);
    return GitRepo.Run.checked(tree, List.of("kubectl", "kustomize", tree.resolve(folder)
        .toString()));
  }

  private static String withoutImageLines(String render) {
    return String.join("\n", render.lines().filter(l -> !IMAGE_LINE.matcher(l).matches())
        .toList());
  }

  /** Every document of a YAML text, with tags, digests and the version of images masked. */
  static List<Object> versionBlind(String text) {
    List<Object> documents = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      documents.add(mask(document, null));
    }
    return documents;
  }

  private static Object mask(Object node, String key) {
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      boolean imageBlock = "image".equals(key);
      map.forEach((k, v) -> {
        boolean version = "newTag".equals(k) || "digest".equals(k)
            || imageBlock && "tag".equals(k);
        out.put(k, version ? MASK : mask(v, String.valueOf(k)));
      });
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(v -> mask(v, null)).toList();
    }
    if ("image".equals(key) && node instanceof String image) {
      return imageRepository(image) + "@" + MASK;
    }
    return node;
  }

  /** The image reference without its tag or digest ({@code host:port/name:tag@sha256:...}). */
  static String imageRepository(String image) {
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }
}
