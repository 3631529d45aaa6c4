package dev.baton.examples.shapes;

import java.nio.file.Path;

/**
 * Shape 1: Kustomize overlays on a shared base. {@code base/} holds the Deployment, the Service
 * and their kustomization; {@code env/<env>/kustomization.yaml} gives each environment its own
 * namespace, name prefix, labels, replica count and image tag (or digest).
 */
final class KustomizeOverlaysRepo {
  static final String LAYOUT = "env/{environment}";
  static final String PROJECT = "storefront";
  static final String IMAGE = "ghcr.io/acme/storefront";

  private boolean digests;

  /** Pins the image by digest in staging and production instead of by tag. */
  KustomizeOverlaysRepo withDigests() {
    digests = true;
    return this;
  }

  /** Writes and commits the repository; returns it. */
  GitRepo create(Path dir) {
    GitRepo repo = GitRepo.init(dir);
    repo.write("base/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - deployment.yaml
          - service.yaml
        """);
    repo.write("base/deployment.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: storefront
        spec:
          replicas: 1
          selector:
            matchLabels:
              app.kubernetes.io/name: storefront
          template:
            metadata:
              labels:
                app.kubernetes.io/name: storefront
            spec:
              containers:
                - name: storefront
                  image: ghcr.io/acme/storefront:latest
                  ports:
                    - containerPort: 8080
        """);
    repo.write("base/service.yaml", """
        apiVersion: v1
        kind: Service
        metadata:
          name: storefront
        spec:
          selector:
            app.kubernetes.io/name: storefront
          ports:
            - port: 80
              targetPort: 8080
        """);
    repo.write("env/dev/kustomization.yaml",
        overlay("dev", "storefront-dev", 1, "newTag: 1.5.0", "eu-west-1"));
    repo.write("env/staging/kustomization.yaml", overlay("staging", "storefront-staging", 2,
        digests ? "digest: " + digest('b') : "newTag: 1.4.2", "eu-west-1"));
    repo.write("env/production/kustomization.yaml", overlay("production", "storefront-prod", 6,
        digests ? "digest: " + digest('a') : "newTag: 1.4.1", "eu-central-1"));
    repo.commitAll("Storefront overlays for dev, staging and production");
    return repo;
  }

  /** A sha256 digest made of one repeated hex character. */
  static String digest(char hex) {
    return "sha256:" + String.valueOf(hex).repeat(64);
  }

  private static String overlay(String env, String namespace, int replicas, String version,
      String region) {
    return """
        # Overlay for %1$s. Owned by the storefront team; CI bumps the image below.
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization

        namespace: %2$s
        namePrefix: %1$s-

        resources:
          - ../../base

        labels:
          - pairs:
              environment: %1$s
              topology.kubernetes.io/region: %5$s
            includeSelectors: false

        replicas:
          - name: storefront
            count: %3$d

        images:
          - name: ghcr.io/acme/storefront
            %4$s
        """.formatted(env, namespace, replicas, version, region);
  }
}
