/**
 * Pipelines as rules and as text: {@link dev.baton.pipeline.PipelineValidator} checks the graph
 * (a DAG of stages, approval counts, valid rule expressions) and reports every problem at once;
 * {@link dev.baton.pipeline.PipelineYaml} reads and writes the pipeline file;
 * {@link dev.baton.pipeline.PipelineDiagram} renders it as Mermaid or Graphviz DOT. Stateless
 * and thread-safe.
 */
package dev.baton.pipeline;
