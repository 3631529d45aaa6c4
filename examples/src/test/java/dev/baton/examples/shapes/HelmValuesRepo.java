package dev.baton.examples.shapes;

import java.nio.file.Path;

/**
 * Shape 4: a Helm chart's values copied per environment, {@code envs/<env>/values.yaml}, long
 * and heavily commented the way a chart's own values file is, with production's hostname and
 * resources in an extra {@code values-production.yaml} that staging lacks. Variants: the values
 * file named {@code <app>-values.yaml}; a {@code values-<env>.yaml} in both environments holding
 * the migrations image; the tag literals of staging and production.
 */
final class HelmValuesRepo {
  static final String LAYOUT = "envs/{environment}";
  static final String PROJECT = "shop";

  private String valuesFile = "values.yaml";
  private String stagingTag = "\"1.4.2\"";
  private String productionTag = "\"1.4.1\"";
  private boolean envValuesInBoth;

  /** Names the main values file {@code shop-values.yaml}. */
  HelmValuesRepo appValuesFile() {
    valuesFile = PROJECT + "-values.yaml";
    return this;
  }

  /** Staging has {@code values-staging.yaml}, production {@code values-production.yaml}, both
   * with the migrations job's image tag. */
  HelmValuesRepo envValuesInBoth() {
    envValuesInBoth = true;
    return this;
  }

  /** The tag literals as written in staging's and production's values file. */
  HelmValuesRepo tags(String staging, String production) {
    stagingTag = staging;
    productionTag = production;
    return this;
  }

  String valuesFile() {
    return valuesFile;
  }

  GitRepo create(Path dir) {
    GitRepo repo = GitRepo.init(dir);
    repo.write("envs/dev/" + valuesFile, values("dev", "\"1.5.0\"", "16m"));
    repo.write("envs/staging/" + valuesFile, values("staging", stagingTag, "16m"));
    repo.write("envs/production/" + valuesFile, values("production", productionTag, "8m"));
    repo.write("envs/production/values-production.yaml", """
        # Production only: the public hostname and the sizing agreed with SRE (INC-2291).
        ingress:
          hosts:
            - host: shop.example.com
              paths:
                - path: /
                  pathType: Prefix
          tls:
            - secretName: shop-example-com-tls
              hosts:
                - shop.example.com

        resources:
          requests:
            cpu: 500m
            memory: 1Gi
          limits:
            memory: 2Gi
        %s""".formatted(envValuesInBoth ? migrations("0.7.1") : ""));
    if (envValuesInBoth) {
      repo.write("envs/staging/values-staging.yaml", """
          # Staging only.
          ingress:
            hosts:
              - host: shop.staging.example.com
          %s""".formatted(migrations("0.7.3")));
    }
    repo.commitAll("Shop chart values per environment");
    return repo;
  }

  private static String migrations(String tag) {
    return """

        migrations:
          # The schema migrations job runs before each rollout.
          image:
            repository: registry.example.com/shop/migrations
            tag: "%s"
        """.formatted(tag);
  }

  private static String values(String env, String tag, String bodySize) {
    return """
        # Default values for shop in %1$s.
        # This is a YAML-formatted file.
        # Declare variables to be passed into your templates.

        # replicaCount is ignored when autoscaling is enabled.
        replicaCount: 2

        image:
          # The registry and repository the shop image is pulled from.
          repository: registry.example.com/shop/web
          # Overrides the image tag whose default is the chart appVersion.
          tag: %2$s
          pullPolicy: IfNotPresent # Always for mutable tags

        imagePullSecrets: []
        nameOverride: ""
        fullnameOverride: ""

        serviceAccount:
          # Specifies whether a service account should be created
          create: true
          # Annotations to add to the service account
          annotations: {}

        podAnnotations: {}

        service:
          type: ClusterIP
          port: 80   # the port the Service listens on

        ingress:
          enabled: true
          className: nginx
          annotations:
            cert-manager.io/cluster-issuer: letsencrypt
            nginx.ingress.kubernetes.io/proxy-body-size: %3$s
          hosts:
            - host: shop.%1$s.example.com
              paths:
                - path: /
                  pathType: Prefix

        autoscaling:
          enabled: false
          minReplicas: 1
          maxReplicas: 10
          targetCPUUtilizationPercentage: 80

        # nodeSelector, tolerations and affinity are left to the cluster defaults.
        nodeSelector: {}

        tolerations: []

        affinity: {}
        """.formatted(env, tag, bodySize);
  }
}
