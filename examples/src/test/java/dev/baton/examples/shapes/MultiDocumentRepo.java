package dev.baton.examples.shapes;

import java.nio.file.Path;

/**
 * Shape 5: one multi-document manifest per environment, {@code envs/<env>/app.yaml}, holding a
 * ConfigMap, a Deployment (a migrations initContainer and the app container) and a Service,
 * separated by {@code ---}; a small kustomization puts it in the environment's namespace.
 */
final class MultiDocumentRepo {
  static final String LAYOUT = "envs/{environment}";
  static final String PROJECT = "ledger";

  GitRepo create(Path dir) {
    GitRepo repo = GitRepo.init(dir);
    environment(repo, "dev", "3.2.0", "debug", 1);
    environment(repo, "staging", "3.1.0", "info", 2);
    environment(repo, "production", "3.0.4", "warn", 5);
    repo.commitAll("Ledger manifests per environment");
    return repo;
  }

  private static void environment(GitRepo repo, String env, String version, String logLevel,
      int replicas) {
    repo.write("envs/" + env + "/kustomization.yaml", """
        namespace: ledger-%s
        resources:
          - app.yaml
        """.formatted(env));
    repo.write("envs/" + env + "/app.yaml", """
        ---
        # Settings the ledger reads at start.
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ledger-config
        data:
          LOG_LEVEL: %3$s
          LEDGER_DB_HOST: ledger-db.%1$s.svc.cluster.local
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ledger
        spec:
          replicas: %4$d
          selector:
            matchLabels:
              app: ledger
          template:
            metadata:
              labels:
                app: ledger
            spec:
              initContainers:
                - name: migrate
                  image: ghcr.io/acme/ledger-migrations:%2$s
                  args: ["migrate", "--to", "latest"]
              containers:
                - name: ledger
                  image: ghcr.io/acme/ledger:%2$s
                  envFrom:
                    - configMapRef:
                        name: ledger-config
                  ports:
                    - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: ledger
        spec:
          selector:
            app: ledger
          ports:
            - port: 80
              targetPort: 8080
        """.formatted(env, version, logLevel, replicas));
  }
}
