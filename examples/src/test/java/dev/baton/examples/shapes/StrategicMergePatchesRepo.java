package dev.baton.examples.shapes;

import java.nio.file.Path;

/**
 * Shape 2: {@code envs/<env>/} folders of strategic-merge patches on a shared base. The image
 * lives in {@code version.yml} (a Deployment patch holding only the container's image), the
 * environment's settings in {@code settings.yml}, its replica count in {@code replicas.yml}; the
 * kustomization adds a name prefix and a region component that differ per environment.
 */
final class StrategicMergePatchesRepo {
  static final String LAYOUT = "envs/{environment}";
  static final String PROJECT = "checkout";

  private boolean replicasOnlyInProduction;

  /** Only production has a {@code replicas.yml} (a hotfix scaled it out). */
  StrategicMergePatchesRepo replicasOnlyInProduction() {
    replicasOnlyInProduction = true;
    return this;
  }

  GitRepo create(Path dir) {
    GitRepo repo = GitRepo.init(dir);
    repo.write("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - service.yaml\n");
    repo.write("base/deployment.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
          labels:
            app: checkout
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: checkout
          template:
            metadata:
              labels:
                app: checkout
            spec:
              containers:
                - name: checkout
                  image: registry.example.com/shop/checkout
                  ports:
                    - name: http
                      containerPort: 8080
        """);
    repo.write("base/service.yaml", """
        apiVersion: v1
        kind: Service
        metadata:
          name: checkout
        spec:
          selector:
            app: checkout
          ports:
            - name: http
              port: 80
              targetPort: http
        """);
    region(repo, "eu", "eu-west-1");
    region(repo, "us", "us-east-1");
    environment(repo, "dev", "eu", "2.4.0", "debug", "https://payments.dev.example.com", 1);
    environment(repo, "staging", "eu", "2.3.0", "info", "https://payments.staging.example.com",
        2);
    environment(repo, "production", "us", "2.2.1", "warn", "https://payments.example.com", 8);
    repo.commitAll("Checkout: base, region components and per-environment patches");
    return repo;
  }

  private static void region(GitRepo repo, String name, String region) {
    repo.write("components/region-" + name + "/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        patches:
          - path: region.yml
        """);
    repo.write("components/region-" + name + "/region.yml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
        spec:
          template:
            spec:
              nodeSelector:
                topology.kubernetes.io/region: %s
        """.formatted(region));
  }

  private void environment(GitRepo repo, String env, String region, String version,
      String logLevel, String paymentsUrl, int replicas) {
    boolean withReplicas = !replicasOnlyInProduction || env.equals("production");
    String folder = "envs/" + env + "/";
    repo.write(folder + "kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namePrefix: %1$s-
        resources:
          - ../../base
        components:
          - ../../components/region-%2$s
        patches:
          - path: version.yml
          - path: settings.yml
        %3$s""".formatted(env, region, withReplicas ? "  - path: replicas.yml\n" : ""));
    repo.write(folder + "version.yml", """
        # The version of checkout that runs in %1$s.
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
        spec:
          template:
            spec:
              containers:
                - name: checkout
                  image: registry.example.com/shop/checkout:%2$s
        """.formatted(env, version));
    repo.write(folder + "settings.yml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
        spec:
          template:
            spec:
              containers:
                - name: checkout
                  env:
                    - name: LOG_LEVEL
                      value: %1$s
                    - name: PAYMENTS_URL
                      value: %2$s
                    - name: FEATURE_FLAGS
                      value: "%3$s"
        """.formatted(logLevel, paymentsUrl,
        env.equals("dev") ? "one-click,wallets" : "one-click"));
    if (withReplicas) {
      repo.write(folder + "replicas.yml", """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: checkout
          spec:
            replicas: %d
          """.formatted(replicas));
    }
  }
}
