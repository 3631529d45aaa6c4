package dev.baton.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a small sample GitOps repository: one folder per environment with a Kustomize
 * overlay, Helm values with a {@code ${DOMAIN}} placeholder, variables and a plain manifest. The
 * in-memory example, the demo and {@code baton init} all start from it.
 */
public final class SampleEnvironments {

  private SampleEnvironments() {}

  /**
   * The files of one environment folder (paths relative to it).
   *
   * @param environment the environment name, used in the domain variable
   * @param version the shop-api image tag the environment runs
   * @param replicas its replica count
   */
  public static Map<String, String> environment(String environment, String version,
      int replicas) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - service.yaml
        images:
          - name: ghcr.io/acme/shop-api
            newTag: "%s"
        replicas:
          - name: shop-api
            count: %d
        """.formatted(version, replicas));
    files.put("values.yaml", """
        image:
          repository: ghcr.io/acme/shop-api
          tag: "%s"
        replicaCount: %d
        resources:
          requests:
            cpu: %s
            memory: 256Mi
        checkout:
          baseUrl: "https://${DOMAIN}/checkout"
          newFlow: %s
        """.formatted(version, replicas, replicas > 2 ? "500m" : "100m",
        version.compareTo("1.4.0") >= 0));
    files.put("variables.yaml", """
        DOMAIN: %s
        """.formatted(environment.equals("production")
        ? "shop.example.com" : environment + ".shop.example.com"));
    files.put("service.yaml", """
        apiVersion: v1
        kind: Service
        metadata:
          name: shop-api
        spec:
          ports:
            - port: 80
              targetPort: %d
        """.formatted(version.compareTo("1.4.0") >= 0 ? 8081 : 8080));
    return files;
  }

  /** The pipeline file of the three-environment sample (see {@code PipelineYaml}). */
  public static String threeStagePipeline(String project) {
    return """
        project: %s
        layout: envs/{environment}        # where each environment's folder is
        stages:
          - environment: dev
          - environment: staging
          - environment: production
            deployPolicy: manual
        transitions:
          - from: dev
            to: staging
            requiredApprovals: 0
            requesterMayApprove: true
          - from: staging
            to: production
            requiredApprovals: 2
        """.formatted(project);
  }
}
