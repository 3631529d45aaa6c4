package dev.baton.http;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.governance.GrantAuthorizer;
import dev.baton.memory.InMemoryCommitStatusReporter;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Permission;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: measures the inbox with 100 pending promotions, server side (from the route's
 * before filter to its after filter), and the loopback round trip beside it: the API's
 * {@code GET /api/v2/inbox} (authentication, the engine's inbox, JSON) and the console's page
 * {@code GET /console/inbox} (the same, plus every promotion's pinned preview with its file diffs,
 * rendered as HTML). Prints percentiles; never asserts a time.
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -pl http -am \
 *     -Dmdep.outputFile=target/cp.txt
 * java -cp http/target/test-classes:http/target/classes:$(cat http/target/cp.txt) \
 *     dev.baton.http.InboxTiming 100 500
 * </pre>
 */
public final class InboxTiming {
  private InboxTiming() {}

  public static void main(String[] args) throws Exception {
    int pending = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    ProjectId shop = ProjectId.of("shop");
    InMemoryEnvironmentRepository envs = new InMemoryEnvironmentRepository();
    envs.seed(shop, EnvironmentName.of("staging"),
        Map.of("values.yaml", "image:\n  tag: \"1.3.0\"\n"));
    envs.seed(shop, EnvironmentName.of("production"),
        Map.of("values.yaml", "image:\n  tag: \"1.2.0\"\n"));
    GrantAuthorizer grants = GrantAuthorizer.empty();
    for (String user : List.of("alice", "bob", "platform")) {
      grants.grant(UserId.of(user), shop, Permission.values());
    }
    String token = "bob-token-0123456789ab";
    List<Long> server = Collections.synchronizedList(new ArrayList<>());
    BearerTokens tokens = BearerTokens.of(Map.of(token, UserId.of("bob")));
    try (Baton baton = Baton.builder().environments(envs).authorizer(grants)
            .deployer(new InMemoryDeployer()).notifier(new InMemoryNotifier())
            .commitStatusReporter(new InMemoryCommitStatusReporter()).build();
        BatonServer http = BatonServer.builder(baton, tokens)
            .port(0)
            .routes(BatonConsole.builder(baton, tokens).project(shop).build().routes())
            .routes(config -> {
              for (String path : List.of("/api/v2/inbox", "/console/inbox")) {
                config.routes.before(path, ctx -> ctx.attribute("t0", System.nanoTime()));
                config.routes.after(path,
                    ctx -> server.add(System.nanoTime() - (Long) ctx.attribute("t0")));
              }
            })
            .build().start()) {
      baton.pipelines().replace(Pipeline.builder(shop).stage("staging")
          .stage("production", DeployPolicy.MANUAL).transition("staging", "production", 2)
          .build(), UserId.of("platform"));
      for (int i = 0; i < pending; i++) {
        baton.promotions().request(PromotionRequest.of("shop", "staging", "production", "alice")
            .withNotes("release " + i));
      }
      HttpClient client = HttpClient.newHttpClient();
      for (String path : List.of("/api/v2/inbox", "/console/inbox")) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.uri() + path))
            .header("Authorization", "Bearer " + token).build();
        int bytes = 0;
        for (int i = 0; i < rounds; i++) { // warm-up
          bytes = client.send(request, HttpResponse.BodyHandlers.ofString()).body().length();
        }
        server.clear();
        List<Long> roundTrip = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          client.send(request, HttpResponse.BodyHandlers.ofString());
          roundTrip.add(System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "%s with %d pending promotions, %d bytes, %d rounds%n",
            path, pending, bytes, rounds);
        print("server side", new ArrayList<>(server));
        print("round trip ", roundTrip);
      }
    }
  }

  private static void print(String what, List<Long> nanos) {
    Collections.sort(nanos);
    System.out.printf(Locale.ROOT, "  %s  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms%n", what,
        at(nanos, 0.50), at(nanos, 0.90), at(nanos, 0.99));
  }

  private static double at(List<Long> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
  }
}
