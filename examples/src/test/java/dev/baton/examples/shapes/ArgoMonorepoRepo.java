package dev.baton.examples.shapes;

import java.nio.file.Path;

/**
 * Shape 3: a monorepo with several apps per environment. {@code env/apps/<app>/<env>/} holds an
 * Argo CD {@code Application} (named {@code <app>-<env>}, deploying into namespace
 * {@code <app>-<env>}, its own sync policy and chart version) and the Helm values it feeds the
 * chart, with an image per component ({@code api.image.tag}, {@code worker.image.tag}).
 */
final class ArgoMonorepoRepo {
  static final String LAYOUT = "env/apps/{project}/{environment}";
  static final String ORDERS = "orders";
  static final String BILLING = "billing";

  GitRepo create(Path dir) {
    GitRepo repo = GitRepo.init(dir);
    app(repo, ORDERS, "dev", "5.2.0", "5.2.0", "1.9.0", true);
    app(repo, ORDERS, "staging", "5.1.0", "5.1.0", "1.8.0", true);
    app(repo, ORDERS, "production", "5.0.3", "5.0.1", "1.7.2", false);
    app(repo, BILLING, "dev", "0.9.0", "0.9.0", "1.9.0", true);
    app(repo, BILLING, "staging", "0.8.4", "0.8.4", "1.8.0", true);
    app(repo, BILLING, "production", "0.8.1", "0.8.1", "1.7.2", false);
    repo.commitAll("Orders and billing apps for dev, staging and production");
    return repo;
  }

  /** The folder of an app's environment. */
  static String folder(String app, String env) {
    return "env/apps/" + app + "/" + env;
  }

  private static void app(GitRepo repo, String app, String env, String apiTag, String workerTag,
      String chartVersion, boolean prune) {
    String folder = folder(app, env) + "/";
    String host = env.equals("production") ? app + ".example.com"
        : app + "." + env + ".example.com";
    repo.write(folder + "application.yaml", """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: %1$s-%2$s
          namespace: argocd
          labels:
            team: commerce
            environment: %2$s
        spec:
          project: commerce-%2$s
          sources:
            - repoURL: https://charts.example.com/commerce
              chart: %1$s
              targetRevision: %3$s
              helm:
                valueFiles:
                  - $values/env/apps/%1$s/%2$s/values.yaml
            - repoURL: https://git.example.com/platform/gitops.git
              targetRevision: main
              ref: values
          destination:
            server: https://kubernetes.default.svc
            namespace: %1$s-%2$s
          syncPolicy:
            automated:
              prune: %4$s
              selfHeal: true
            syncOptions:
              - CreateNamespace=true
        """.formatted(app, env, chartVersion, prune));
    repo.write(folder + "values.yaml", """
        # %1$s in %2$s
        api:
          image:
            repository: registry.example.com/commerce/%1$s-api
            tag: "%3$s"
          replicaCount: %5$d
          ingress:
            enabled: true
            host: %6$s

        worker:
          image:
            repository: registry.example.com/commerce/%1$s-worker
            tag: "%4$s"
          concurrency: %7$d
        """.formatted(app, env, apiTag, workerTag, env.equals("production") ? 4 : 1, host,
        env.equals("production") ? 16 : 2));
  }
}
