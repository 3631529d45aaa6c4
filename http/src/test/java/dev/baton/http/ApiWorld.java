package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.baton.Baton;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.governance.GrantAuthorizer;
import dev.baton.governance.Tier;
import dev.baton.governance.TierFeatureGate;
import dev.baton.memory.InMemoryCommitStatusReporter;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Permission;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import dev.baton.spi.ForwardingEnvironmentRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A running API over an engine on in-memory ports, and a client for it. Project {@code shop}:
 * dev → staging (automatic), staging → production (2 approvals, production MANUAL), on the
 * Enterprise plan; project {@code vault}, whose values hold passwords; project {@code free} on
 * the Free plan (every verb refused with FEATURE_NOT_AVAILABLE); project {@code broken}, whose
 * environment repository fails (BACKEND_FAILURE). Alice, bob and carol hold every permission
 * on shop and vault; dave holds none. The web console is mounted beside the API.
 *
 * <p>Every answer is checked against the OpenAPI document the server serves: the route, method
 * and status must be documented with this content type, and the body must match the schema. The
 * operations answered are recorded, so that a test can check that every documented one was.
 */
final class ApiWorld implements AutoCloseable {
  static final String ALICE = "alice-token-0123456789";
  static final String BOB = "bob-token-0123456789ab";
  static final String CAROL = "carol-token-0123456789";
  static final String DAVE = "dave-token-0123456789a";
  static final ProjectId SHOP = ProjectId.of("shop");
  /** Values with passwords (masked in every preview): staging → production, 1 approval. */
  static final ProjectId VAULT = ProjectId.of("vault");
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Every (method, template, status) answered in this JVM, for the coverage check. */
  static final Set<String> ANSWERED = Collections.synchronizedSet(new HashSet<>());

  final InMemoryEnvironmentRepository environments = new InMemoryEnvironmentRepository();
  final Baton baton;
  final BatonServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final JsonNode openApi;

  ApiWorld() {
    this(null);
  }

  /**
   * A world whose server has read-only pipelines.
   *
   * @param readOnlyPipelines where the pipelines come from, or null for a server that stores them
   */
  ApiWorld(String readOnlyPipelines) {
    seed(SHOP, "dev", "1.4.0");
    seed(SHOP, "staging", "1.3.0");
    seed(SHOP, "production", "1.2.0");
    seed(ProjectId.of("free"), "dev", "1.0.0");
    seed(ProjectId.of("free"), "staging", "0.9.0");
    for (String env : List.of("staging", "production")) {
      environments.seed(VAULT, EnvironmentName.of(env), Map.of("values.yaml",
          "db:\n  password: \"hunter2-" + env + "\"\n  host: db-" + env + "\n"
          + "image:\n  tag: \"" + (env.equals("staging") ? "2.0.0" : "1.0.0") + "\"\n"));
    }
    GrantAuthorizer grants = GrantAuthorizer.empty();
    for (String user : List.of("alice", "bob", "carol", "platform")) {
      grants.grant(UserId.of(user), SHOP, Permission.values());
      grants.grant(UserId.of(user), ProjectId.of("web"), Permission.values());
      grants.grant(UserId.of(user), VAULT, Permission.values());
    }
    TierFeatureGate gate = TierFeatureGate.withDefault(Tier.ENTERPRISE)
        .assign(ProjectId.of("free"), Tier.FREE);
    baton = Baton.builder().environments(new Broken(environments)).authorizer(grants)
        .featureGate(gate).deployer(new InMemoryDeployer()).notifier(new InMemoryNotifier())
        .commitStatusReporter(new InMemoryCommitStatusReporter()).build();
    baton.pipelines().replace(Pipeline.builder(SHOP)
        .stage("dev").stage("staging").stage("production", DeployPolicy.MANUAL)
        .transition("dev", "staging", 0)
        .transition("staging", "production", 2)
        .build(), UserId.of("platform"));
    baton.pipelines().replace(Pipeline.builder(VAULT).stage("staging").stage("production")
        .transition("staging", "production", 1).build(), UserId.of("platform"));
    BearerTokens tokens = BearerTokens.of(Map.of(ALICE, UserId.of("alice"),
        BOB, UserId.of("bob"), CAROL, UserId.of("carol"), DAVE, UserId.of("dave")));
    BatonServer.Builder builder = BatonServer.builder(baton, tokens)
        .routes(BatonConsole.builder(baton, tokens).project(SHOP).project(VAULT).build()
            .routes())
        .port(0).maxRequestBytes(64 * 1024);
    if (readOnlyPipelines != null) {
      builder.readOnlyPipelines(readOnlyPipelines);
    }
    server = builder.build().start();
    openApi = send("GET", "/api/v2/openapi.json", "/api/v2/openapi.json", null, null,
        Map.of()).json();
    send("GET", "/api/v2/openapi.json", "/api/v2/openapi.json", null, null, Map.of());
  }

  private void seed(ProjectId project, String env, String tag) {
    environments.seed(project, EnvironmentName.of(env),
        Map.of("values.yaml", "image:\n  repository: shop-api\n  tag: \"" + tag + "\"\n"));
  }

  /** Environments of project {@code broken} fail as a backend that is down. */
  private static final class Broken extends ForwardingEnvironmentRepository {
    Broken(InMemoryEnvironmentRepository delegate) {
      super(delegate);
    }

    @Override
    public Set<EnvironmentName> environments(ProjectId project) {
      if (project.value().equals("broken")) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE, "the repository is unreachable");
      }
      return super.environments(project);
    }

    @Override
    public EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
      if (project.value().equals("broken")) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE, "the repository is unreachable");
      }
      return super.read(project, environment);
    }
  }

  /** An answer: status, headers, body text, body as JSON (null when not JSON). */
  record Answer(int status, Map<String, List<String>> headers, String text, JsonNode json) {
    Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }

    String code() {
      return json.get("code").asText();
    }
  }

  Answer get(String template, String path, String token) {
    return send("GET", template, path, token, null, Map.of());
  }

  Answer post(String template, String path, String token, String body) {
    return send("POST", template, path, token, body, Map.of());
  }

  Answer send(String method, String template, String path, String token, String body,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    JsonNode json = null;
    try {
      json = MAPPER.readTree(response.body());
    } catch (IOException e) {
      // not JSON: the conformance check below says so
    }
    Answer answer = new Answer(response.statusCode(), response.headers().map(),
        response.body(), json);
    if (openApi != null) {
      conforms(method, template, answer);
    }
    return answer;
  }

  /** The answer is documented for this operation, and its body matches the schema. */
  private void conforms(String method, String template, Answer answer) {
    String where = method + " " + template + " -> " + answer.status();
    JsonNode operation = openApi.path("paths").path(template).path(method.toLowerCase());
    assertThat(operation.isMissingNode()).as("documented: %s %s", method, template).isFalse();
    JsonNode response = operation.path("responses").path(String.valueOf(answer.status()));
    if (response.has("$ref")) { // #/components/responses/NAME
      response = openApi.at(response.get("$ref").asText().substring(1));
    }
    assertThat(response.isMissingNode()).as("status documented: %s", where).isFalse();
    String type = answer.header("Content-Type").orElse("").split(";")[0].strip();
    JsonNode content = response.path("content").path(type);
    assertThat(content.isMissingNode()).as("content type %s documented: %s", type, where)
        .isFalse();
    assertThat(answer.json()).as("JSON body: %s: %s", where, answer.text()).isNotNull();
    ObjectNode schemaNode = content.path("schema").deepCopy();
    schemaNode.set("components", openApi.path("components"));
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(schemaNode);
    Set<ValidationMessage> errors = schema.validate(answer.json());
    assertThat(errors).as("%s matches its schema; body %s", where, answer.text()).isEmpty();
    ANSWERED.add(method + " " + template + " " + answer.status());
  }

  /** Every operation (method and path) the document declares. */
  List<String> operations() {
    List<String> all = new ArrayList<>();
    openApi.path("paths").properties().forEach(path -> path.getValue().fieldNames()
        .forEachRemaining(method -> {
          if (!method.equals("parameters")) {
            all.add(method.toUpperCase() + " " + path.getKey());
          }
        }));
    return all;
  }

  /** Requests staging → production as alice; answers the promotion's id. */
  String requestToProduction(String notes) {
    Answer a = post("/api/v2/projects/{slug}/promotion/request",
        "/api/v2/projects/shop/promotion/request", ALICE,
        "{\"source\":\"staging\",\"target\":\"production\",\"notes\":\"" + notes + "\"}");
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    return a.json().get("id").asText();
  }

  @Override
  public void close() {
    server.close();
    baton.close();
  }
}
