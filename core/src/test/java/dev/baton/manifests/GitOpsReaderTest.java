package dev.baton.manifests;

import static dev.baton.manifests.Envs.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Revision;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitOpsReaderTest {
  private final GitOpsReader reader = GitOpsReader.create();

  private void refused(EnvironmentFiles files, ErrorCode code, String... fragments) {
    assertThatThrownBy(() -> reader.read(files)).isInstanceOf(BatonException.class)
        .satisfies(e -> {
          assertThat(((BatonException) e).code()).isEqualTo(code);
          assertThat(e.getMessage()).contains(fragments);
        });
  }

  @Test
  void kustomizeImagesAndReplicasAreWorkloads() {
    Snapshot snapshot = reader.read(env("staging", "kustomization.yaml", String.join("\n",
        "resources: [deployment.yaml]",
        "images:",
        "  - name: ghcr.io/acme/api",
        "    newTag: 1.2.3",
        "  - name: ghcr.io/acme/web",
        "    newName: ghcr.io/acme/web-fork",
        "    newTag: '2.0'",
        "    digest: sha256:abc",
        "replicas:",
        "  - name: api",
        "    count: 3",
        "")));
    assertThat(snapshot.workloads()).containsOnlyKeys("kustomization.yaml:ghcr.io/acme/api",
        "kustomization.yaml:ghcr.io/acme/web", "kustomization.yaml:api");
    Workload api = snapshot.workloads().get("kustomization.yaml:ghcr.io/acme/api");
    assertThat(api.imageTag()).contains("1.2.3");
    assertThat(api.name()).isEqualTo("ghcr.io/acme/api");
    assertThat(snapshot.workloads().get("kustomization.yaml:ghcr.io/acme/web").imageTag())
        .contains("ghcr.io/acme/web-fork:2.0@sha256:abc");
    assertThat(snapshot.workloads().get("kustomization.yaml:api").replicas()).contains("3");
    assertThat(snapshot.bindings()).containsExactly(
        Map.entry("kustomization.yaml", "resources:\n  - deployment.yaml\n"));
  }

  @Test
  void kustomizationSpellingsAreOneFile() {
    Snapshot snapshot = reader.read(env("s", "Kustomization",
        "images: [{name: api, newTag: '7'}]\n"));
    assertThat(snapshot.workloads().get("kustomization.yaml:api").file())
        .isEqualTo("Kustomization");
    refused(env("s", "kustomization.yaml", "{}", "kustomization.yml", "{}"),
        ErrorCode.MALFORMED_DOCUMENT, "s/kustomization.yml", "s/kustomization.yaml");
  }

  @Test
  void helmTopLevelWorkloadIsNamedByOverrideOrFile() {
    String values = "image:\n  repository: api\n  tag: 1.0.0\nreplicaCount: 2\n"
        + "resources:\n  limits: {cpu: 500m, memory: 256Mi}\n";
    Snapshot plain = reader.read(env("s", "values.yaml", values));
    Workload workload = plain.workloads().get("values.yaml");
    assertThat(workload.name()).isEqualTo("values");
    assertThat(workload.imageTag()).contains("1.0.0");
    assertThat(workload.replicas()).contains("2");
    assertThat(workload.resources()).contains("limits.cpu=500m, limits.memory=256Mi");
    assertThat(reader.read(env("s", "values-prod.yaml", "nameOverride: api\n" + values))
        .workloads().get("values-prod.yaml").name()).isEqualTo("api");
    assertThat(reader.read(env("s", "values.yaml",
        "nameOverride: api\nfullnameOverride: api-full\n" + values))
        .workloads().get("values.yaml").name()).isEqualTo("api-full");
  }

  @Test
  void umbrellaEntriesAreWorkloads() {
    Snapshot snapshot = reader.read(env("s", "values.yaml", String.join("\n",
        "api:",
        "  image: {repository: acme/api, tag: 1.2}",
        "  replicaCount: 3",
        "  env: {LOG_LEVEL: info}",
        "worker:",
        "  resources: {requests: {cpu: 100m}}",
        "ingress:",
        "  enabled: true",
        "")));
    assertThat(snapshot.workloads()).containsOnlyKeys("values.yaml:api", "values.yaml:worker");
    assertThat(snapshot.workloads().get("values.yaml:api").imageTag()).contains("1.2");
    assertThat(snapshot.workloads().get("values.yaml:api").name()).isEqualTo("api");
    assertThat(snapshot.workloads().get("values.yaml:worker").resources())
        .contains("requests.cpu=100m");
    assertThat(snapshot.values()).containsOnly(
        Map.entry("values.yaml:api.image.repository", "acme/api"),
        Map.entry("values.yaml:api.env.LOG_LEVEL", "info"),
        Map.entry("values.yaml:ingress.enabled", "true"));
  }

  @Test
  void valuesAreFlattenedWithoutWorkloadProperties() {
    Snapshot snapshot = reader.read(env("s", "values.yaml", String.join("\n",
        "image: {repository: acme/api, tag: '1', pullPolicy: IfNotPresent}",
        "replicaCount: 2",
        "podAnnotations: {}",
        "tolerations: []",
        "ingress:",
        "  hosts:",
        "    - host: a.example.com",
        "      paths: [/]",
        "  annotations:",
        "    nginx.ingress.kubernetes.io/rewrite-target: /",
        "  tls: {}",
        "ratio: 1.50",
        "nothing: ~",
        "")));
    assertThat(snapshot.values()).containsOnly(
        Map.entry("values.yaml:image.repository", "acme/api"),
        Map.entry("values.yaml:image.pullPolicy", "IfNotPresent"),
        Map.entry("values.yaml:tolerations", "[]"),
        Map.entry("values.yaml:ingress.hosts[0].host", "a.example.com"),
        Map.entry("values.yaml:ingress.hosts[0].paths[0]", "/"),
        Map.entry("values.yaml:ingress.annotations[\"nginx.ingress.kubernetes.io/rewrite-target\"]",
            "/"),
        Map.entry("values.yaml:ingress.tls", "{}"),
        Map.entry("values.yaml:ratio", "1.50"),
        Map.entry("values.yaml:nothing", "null"));
  }

  @Test
  void placeholdersResolveFromTheSameEnvironment() {
    EnvironmentFiles files = env("prod",
        "variables.yaml", "TAG: 2.0.1\nREPLICAS: 5\nDOMAIN: example.com\n",
        "values.yaml", "image: {tag: '${TAG}'}\nreplicaCount: '${REPLICAS}'\n"
            + "host: api.${DOMAIN}\nmissing: ${NOPE}-x\n",
        "kustomization.yaml", "images: [{name: api, newTag: '${TAG}'}]\n");
    Snapshot snapshot = reader.read(files);
    assertThat(snapshot.workloads().get("values.yaml").imageTag()).contains("2.0.1");
    assertThat(snapshot.workloads().get("values.yaml").replicas()).contains("5");
    assertThat(snapshot.workloads().get("kustomization.yaml:api").imageTag()).contains("2.0.1");
    assertThat(snapshot.values()).containsEntry("values.yaml:host", "api.example.com")
        .containsEntry("values.yaml:missing", "${NOPE}-x");
    assertThat(snapshot.variables()).containsEntry("REPLICAS", "5");
    assertThat(snapshot.warnings()).singleElement().asString()
        .contains("prod", "values.yaml:missing", "${NOPE}", "variables.yaml");

    Snapshot raw = reader.readUnresolved(files);
    assertThat(raw.workloads().get("values.yaml").imageTag()).contains("${TAG}");
    assertThat(raw.values()).containsEntry("values.yaml:host", "api.${DOMAIN}");
    assertThat(raw.warnings()).isEmpty();
  }

  @Test
  void placeholdersWithoutVariablesFileStayAndWarn() {
    Snapshot snapshot = reader.read(env("dev", "values.yaml", "image: {tag: '${TAG}'}\n"));
    assertThat(snapshot.workloads().get("values.yaml").imageTag()).contains("${TAG}");
    assertThat(snapshot.warnings()).hasSize(1);
  }

  @Test
  void otherFilesAreBindingsAndNeverParsed() {
    String manifest = "a: &x 1\nb: *x\n---\nkind: Service\n";
    Snapshot snapshot = reader.read(env("s",
        "deployment.yaml", manifest,
        "base/values.yaml", "not: [valid",
        "config.json", "{\"a\": 1}",
        "README.md", "# hi\n"));
    assertThat(snapshot.bindings()).containsOnlyKeys("deployment.yaml", "base/values.yaml",
        "config.json", "README.md");
    assertThat(snapshot.bindings().get("deployment.yaml")).isEqualTo(manifest);
    assertThat(snapshot.workloads()).isEmpty();
    assertThat(snapshot.values()).isEmpty();
  }

  @Test
  void propertiesViewGroupsByKind() {
    Snapshot snapshot = reader.read(env("s",
        "values.yaml", "image: {tag: '1'}\nresources: {}\nlevel: debug\n",
        "variables.yml", "A: b\n",
        "svc.yaml", "kind: Service\n"));
    assertThat(snapshot.properties(PromotableProperty.IMAGE_TAGS))
        .containsExactly(Map.entry("values.yaml", "1"));
    assertThat(snapshot.properties(PromotableProperty.REPLICAS)).isEmpty();
    assertThat(snapshot.properties(PromotableProperty.RESOURCES))
        .containsExactly(Map.entry("values.yaml", "{}"));
    assertThat(snapshot.properties(PromotableProperty.VALUES))
        .containsExactly(Map.entry("values.yaml:level", "debug"));
    assertThat(snapshot.properties(PromotableProperty.VARIABLES))
        .containsExactly(Map.entry("A", "b"));
    assertThat(snapshot.properties(PromotableProperty.BINDINGS)).containsOnlyKeys("svc.yaml");
  }

  @Test
  void emptyFilesAreEmpty() {
    Snapshot snapshot = reader.read(env("s", "values.yaml", "", "variables.yaml", "# none\n",
        "kustomization.yaml", "---\n"));
    assertThat(snapshot.workloads()).isEmpty();
    assertThat(snapshot.values()).isEmpty();
    assertThat(snapshot.variables()).isEmpty();
    assertThat(snapshot.bindings()).isEmpty();
    assertThat(snapshot.revision().value()).isEqualTo("s-rev");
    assertThat(snapshot.environment().value()).isEqualTo("s");
  }

  @Test
  void refusesValuesThatAreNotAMap() {
    refused(env("s", "values.yaml", "- a\n- b\n"), ErrorCode.MALFORMED_DOCUMENT,
        "s/values.yaml", "map");
  }

  @Test
  void refusesUnsafeYamlInEveryParsedFile() {
    refused(env("s", "values-prod.yaml", "a: &x [*x]\n"), ErrorCode.MALFORMED_DOCUMENT,
        "s/values-prod.yaml");
    refused(env("s", "variables.yaml", "A: 1\n---\nB: 2\n"), ErrorCode.MALFORMED_DOCUMENT,
        "s/variables.yaml", "2 documents");
    refused(env("s", "kustomization.yaml", "images: !custom []\n"),
        ErrorCode.MALFORMED_DOCUMENT, "s/kustomization.yaml", "tag");
    refused(env("s", "values.yaml", "a: 1\na: 2\n"), ErrorCode.MALFORMED_DOCUMENT,
        "s/values.yaml:2", "twice");
    GitOpsReader small = GitOpsReader.create(new DocumentLimits(10, 64, 100));
    assertThatThrownBy(() -> small.read(env("s", "values.yaml", "key: more than ten\n")))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_LARGE));
    // a big manifest is not parsed, so the document limit does not apply to it
    assertThat(small.read(env("s", "big.yaml", "key: more than ten\n")).bindings()).hasSize(1);
  }

  @Test
  void refusesBadVariables() {
    refused(env("s", "variables.yaml", "A: {b: 1}\n"), ErrorCode.MALFORMED_DOCUMENT,
        "'A'", "flat");
    refused(env("s", "variables.yaml", "1A: x\n"), ErrorCode.MALFORMED_DOCUMENT, "'1A'");
    refused(env("s", "variables.yaml", "A: 1\n", "variables.yml", "B: 2\n"),
        ErrorCode.MALFORMED_DOCUMENT, "both exist");
  }

  @Test
  void refusesBadKustomizeEntries() {
    refused(env("s", "kustomization.yaml", "images: {name: a}\n"),
        ErrorCode.MALFORMED_DOCUMENT, "not a list");
    refused(env("s", "kustomization.yaml", "images: [{newTag: '1'}]\n"),
        ErrorCode.MALFORMED_DOCUMENT, "without a text 'name'");
    refused(env("s", "kustomization.yaml", "images: [{name: a}, {name: a}]\n"),
        ErrorCode.MALFORMED_DOCUMENT, "twice");
    refused(env("s", "kustomization.yaml", "replicas: [{name: a}]\n"),
        ErrorCode.MALFORMED_DOCUMENT, "count");
    refused(env("s", "kustomization.yaml", "images: [{name: a, newTag: [1]}]\n"),
        ErrorCode.MALFORMED_DOCUMENT, "newTag");
  }

  @Test
  void variablesAcceptScalarsOfAnyKind() {
    Snapshot snapshot = reader.read(env("s", "variables.yaml",
        "A: 1\nB: true\nC: ~\nD: text\nE: 1.50\n"));
    assertThat(snapshot.variables()).containsExactly(Map.entry("A", "1"), Map.entry("B", "true"),
        Map.entry("C", ""), Map.entry("D", "text"), Map.entry("E", "1.50"));
    assertThat(snapshot.workloads().values()).extracting(Workload::imageTag)
        .doesNotContain(Optional.of("x"));
  }

  @Test
  void maskedAndRealSnapshotsOfTheSameFilesKeepTheirOwnValues() {
    String values = "db:\n  password: hunter2\n  host: ${HOST}\nlist: [a, {token: t1}]\n";
    String extra = "api:\n  apiKey: k\n  url: \"https://x\"\nempty: {}\nn: ~\n";
    EnvironmentFiles two = env("prod", "values.yaml", values, "values-extra.yaml", extra,
        "variables.yaml", "HOST: db.local\nAPI_TOKEN: t\n");
    SensitiveNames names = SensitiveNames.defaults();
    // masked first: the real read after it must not see the masking, nor the masked one the
    // real values
    Snapshot masked = reader.readMasked(two, names);
    Snapshot real = reader.read(two);
    assertThat(real.values()).containsExactly(
        Map.entry("values-extra.yaml:api.apiKey", "k"),
        Map.entry("values-extra.yaml:api.url", "https://x"),
        Map.entry("values-extra.yaml:n", "null"),
        Map.entry("values.yaml:db.host", "db.local"),
        Map.entry("values.yaml:db.password", "hunter2"),
        Map.entry("values.yaml:list[0]", "a"),
        Map.entry("values.yaml:list[1].token", "t1"));
    assertThat(masked.values()).containsExactly(
        Map.entry("values-extra.yaml:api.apiKey", SensitiveNames.MASK),
        Map.entry("values-extra.yaml:api.url", "https://x"),
        Map.entry("values-extra.yaml:n", "null"),
        Map.entry("values.yaml:db.host", "db.local"),
        Map.entry("values.yaml:db.password", SensitiveNames.MASK),
        Map.entry("values.yaml:list[0]", "a"),
        Map.entry("values.yaml:list[1].token", SensitiveNames.MASK));
    assertThat(masked.variables()).containsEntry("API_TOKEN", SensitiveNames.MASK)
        .containsEntry("HOST", "db.local");

    // one values file without placeholders: the same answers, unresolved too
    EnvironmentFiles one = env("dev", "values.yaml", "db:\n  password: p\n  port: 5432\n");
    assertThat(reader.readMasked(one, names).values()).containsExactly(
        Map.entry("values.yaml:db.password", SensitiveNames.MASK),
        Map.entry("values.yaml:db.port", "5432"));
    assertThat(reader.read(one).values()).containsExactly(
        Map.entry("values.yaml:db.password", "p"), Map.entry("values.yaml:db.port", "5432"));
    assertThat(reader.readUnresolved(one).values()).isEqualTo(reader.read(one).values());
    // a placeholder in the only values file is resolved, and left as written when unresolved
    EnvironmentFiles placeholder = env("qa", "values.yaml", "host: ${HOST}\n",
        "variables.yaml", "HOST: h\n");
    assertThat(reader.read(placeholder).values()).containsExactly(
        Map.entry("values.yaml:host", "h"));
    assertThat(reader.readUnresolved(placeholder).values()).containsExactly(
        Map.entry("values.yaml:host", "${HOST}"));
  }
  @Test
  void theSameFilesAtAnotherRevisionReadTheSameStampedWithThatRevision() {
    Map<String, String> files = Map.of(
        "values.yaml", "image: {tag: 1.2.3}\ndb:\n  password: hunter2\nhost: ${DOMAIN}\n",
        "variables.yaml", "DOMAIN: example.com\nAPI_TOKEN: abc\n",
        "service.yaml", "kind: Service\npassword: p\n");
    EnvironmentFiles first = EnvironmentFiles.of(EnvironmentName.of("prod"), Revision.of("r1"),
        files);
    EnvironmentFiles second = EnvironmentFiles.of(EnvironmentName.of("prod"), Revision.of("r2"),
        new java.util.TreeMap<>(files));
    SensitiveNames names = SensitiveNames.defaults();

    Snapshot one = reader.read(first);
    Snapshot two = reader.read(second);
    Snapshot maskedOne = reader.readMasked(first, names);
    Snapshot maskedTwo = reader.readMasked(second, names);

    assertThat(one.revision()).isEqualTo(Revision.of("r1"));
    assertThat(two.revision()).isEqualTo(Revision.of("r2"));
    assertThat(two).isEqualTo(new Snapshot(one.environment(), Revision.of("r2"),
        one.workloads(), one.values(), one.bindings(), one.variables(), one.warnings()));
    assertThat(two.values()).containsEntry("values.yaml:host", "example.com")
        .containsEntry("values.yaml:db.password", "hunter2");
    assertThat(maskedTwo.revision()).isEqualTo(Revision.of("r2"));
    assertThat(maskedTwo.values()).isEqualTo(maskedOne.values())
        .containsEntry("values.yaml:db.password", SensitiveNames.MASK);
    assertThat(maskedTwo.variables()).containsEntry("API_TOKEN", SensitiveNames.MASK);
    assertThat(maskedTwo.bindings().get("service.yaml")).doesNotContain(": p");
    // another environment with the same files is read as itself
    Snapshot staging = reader.read(EnvironmentFiles.of(EnvironmentName.of("staging"),
        Revision.of("r2"), files));
    assertThat(staging.environment()).isEqualTo(EnvironmentName.of("staging"));
    assertThat(staging.revision()).isEqualTo(Revision.of("r2"));
    assertThat(staging.values()).isEqualTo(two.values());
    // warnings name the environment that reads them, whoever read the same files first
    Map<String, String> unresolved = Map.of("values.yaml", "host: ${NOWHERE}\n");
    Snapshot warnedProd = reader.read(EnvironmentFiles.of(EnvironmentName.of("prod"),
        Revision.of("r1"), unresolved));
    Snapshot warnedStaging = reader.read(EnvironmentFiles.of(EnvironmentName.of("staging"),
        Revision.of("r1"), unresolved));
    assertThat(warnedProd.warnings()).singleElement().asString().startsWith("prod: ");
    assertThat(warnedStaging.warnings()).singleElement().asString().startsWith("staging: ");
    assertThat(warnedStaging.environment()).isEqualTo(EnvironmentName.of("staging"));
  }

  @Test
  void aSnapshotsMapsRefuseChangesAndCompareAsMaps() {
    Snapshot snapshot = reader.read(env("prod", "values.yaml", "a: 1\nb: [x]\n"));
    assertThat(snapshot.values()).isEqualTo(Map.of("values.yaml:a", "1", "values.yaml:b[0]", "x"))
        .hasSameHashCodeAs(Map.of("values.yaml:a", "1", "values.yaml:b[0]", "x"));
    assertThat(snapshot.values().comparator()).isNull();
    assertThatThrownBy(() -> snapshot.values().put("values.yaml:c", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.values().headMap("values.yaml:b").clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.values().entrySet().iterator().next().setValue("9"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.values().replaceAll((k, v) -> v))
        .isInstanceOf(UnsupportedOperationException.class);
    java.util.TreeMap<String, String> mine = new java.util.TreeMap<>(Map.of("k", "v"));
    Snapshot copied = new Snapshot(snapshot.environment(), snapshot.revision(),
        new java.util.TreeMap<>(), mine, mine, mine, java.util.List.of());
    mine.put("k", "changed");
    assertThat(copied.values()).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void oneTextUnderTwoPathsGivesEachPathItsOwnValues() {
    // the tree of a text is shared, and its leaves are kept for the last path they were read
    // under: reading the text under each path in turn must never show another path's keys
    String text = "image: {tag: \"1.0\"}\nlogLevel: info\nextra: {a: 1}\n";
    for (int round = 0; round < 3; round++) {
      assertThat(reader.read(env("dev", "values.yaml", text)).values()).containsOnlyKeys(
          "values.yaml:logLevel", "values.yaml:extra.a");
      assertThat(reader.read(env("dev", "values-extra.yaml", text)).values()).containsOnlyKeys(
          "values-extra.yaml:logLevel", "values-extra.yaml:extra.a");
      assertThat(reader.readMasked(env("dev", "values.yaml", text, "values-extra.yaml", text),
          SensitiveNames.defaults()).values()).containsOnlyKeys("values.yaml:logLevel",
          "values.yaml:extra.a", "values-extra.yaml:logLevel", "values-extra.yaml:extra.a");
    }
  }
}
