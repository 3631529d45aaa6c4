package dev.baton.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import dev.baton.pipeline.PipelineYaml;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code .baton/pipeline.yaml} as it is at the tip of a branch, with the commit that last changed
 * it: the source of truth for the project's pipeline. Immutable.
 *
 * @param branch the branch it was read from
 * @param text the file's content
 * @param commit the newest commit on the branch that changed the file
 * @param authorEmail that commit's author email (who the stored copy is recorded as changed by)
 */
record PipelineFile(String branch, String text, ObjectId commit, String authorEmail) {

  /** The file on the branch's tip, if it is there. */
  static Optional<PipelineFile> read(Repository repository, String branch) {
    Optional<String> text = Repositories.readOnBranch(repository, branch, Workspace.PIPELINE_FILE);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId tip = repository.resolve(Constants.R_HEADS + branch + "^{commit}");
      walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(Workspace.PIPELINE_FILE),
          TreeFilter.ANY_DIFF));
      walk.markStart(walk.parseCommit(tip));
      RevCommit last = walk.next();
      RevCommit commit = last == null ? walk.parseCommit(tip) : last;
      return Optional.of(new PipelineFile(branch, text.get(), commit.copy(),
          commit.getAuthorIdent().getEmailAddress()));
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE, "reading the history of "
          + Workspace.PIPELINE_FILE + " on " + branch + " failed: " + e.getMessage(), e);
    }
  }

  /** Where the file is, for people: {@code .baton/pipeline.yaml on main (commit 1a2b3c4d)}. */
  String describe() {
    return Workspace.PIPELINE_FILE + " on " + branch + " (commit " + shortCommit() + ")";
  }

  /** The commit that last changed the file, abbreviated. */
  String shortCommit() {
    return commit.abbreviate(8).name();
  }

  /** The pipeline the file declares for a project (MALFORMED_DOCUMENT listing every problem). */
  Pipeline parse(ProjectId project) {
    return PipelineYaml.parse(project, text, describe());
  }

  /** Who the stored copy is recorded as changed by: the author of the file's last change. */
  UserId author() {
    return UserId.of(authorEmail == null || authorEmail.isBlank() ? "baton" : authorEmail);
  }

  /** The file's {@code project:}, if it names one. */
  Optional<String> project() {
    JsonNode project = tree().path("project");
    return project.isTextual() ? Optional.of(project.asText()) : Optional.empty();
  }

  /** Whether the layout or a stage path has a {@code {project}} segment. */
  boolean usesProject() {
    JsonNode root = tree();
    if (hasProjectSegment(root.path("layout"))) {
      return true;
    }
    for (JsonNode stage : root.path("stages")) {
      if (hasProjectSegment(stage.path("path"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasProjectSegment(JsonNode node) {
    return node.isTextual() && Arrays.asList(node.asText().split("/")).contains("{project}");
  }

  private JsonNode tree() {
    try {
      JsonNode root = new YAMLMapper().readTree(text);
      return root == null ? YAMLMapper.builder().build().createObjectNode() : root;
    } catch (IOException | RuntimeException e) {
      // The engine's parser reports every problem of the file when it is parsed for real.
      return YAMLMapper.builder().build().createObjectNode();
    }
  }
}
