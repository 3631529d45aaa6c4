package dev.baton.spi;

import dev.baton.model.Delivery;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import java.util.Optional;
import java.util.Set;

/**
 * Port to where environments keep their state: reads an environment folder's files at a revision
 * and writes a set of file changes as one atomic revision with compare-and-set. The Git adapter is
 * the real one; core has an in-memory default.
 *
 * <p>This is plumbing: the adapter never parses the files or decides what to promote. Thread-safe.
 */
public interface EnvironmentRepository {

  /** The environments the project has (for Git: the folders that exist). */
  Set<EnvironmentName> environments(ProjectId project);

  /** The environment's files at its current revision; an environment with no files is empty. */
  EnvironmentFiles read(ProjectId project, EnvironmentName environment);

  /** The environment's files at an earlier revision, if that revision is known. */
  Optional<EnvironmentFiles> readAt(ProjectId project, EnvironmentName environment,
      Revision revision);

  /**
   * Applies the changes as one revision. Returns ALREADY_WRITTEN with the existing revision when
   * a write for the same promotion exists; STALE, writing nothing, when the environment's files
   * changed since {@code expectedRevision}. Changes to other environments since then do not make
   * a write stale.
   */
  WriteResult write(EnvironmentWrite write);

  /**
   * Capability query: the folder this repository reads the environment from, relative to its
   * root (for Git: the layout's folder, or the environment's own), whether or not it exists.
   * Empty when the repository has no notion of folders, which is the default. Core compares it
   * with the pipeline's {@link dev.baton.model.Pipeline#folderOf} when a pipeline is replaced,
   * so that the repository and the pipeline never disagree about where an environment lives.
   */
  default Optional<String> folder(ProjectId project, EnvironmentName environment) {
    return Optional.empty();
  }

  /**
   * Capability query: whether the promotion's write ({@code written}, as {@link #write} or
   * {@link #findWrite} answered it) has reached the branch the environment is read and deployed
   * from. A repository that writes there directly answers {@link Delivery#onTarget()}, which is
   * the default. One that writes to a pull request answers AWAITING_MERGE until the request is
   * merged (found as the written commit, or as a commit that carries the promotion's id, on the
   * base branch), and CLOSED when it was closed without merging. Core deploys nothing that is
   * not ON_TARGET. It must not write anything the target would see.
   */
  default Delivery delivery(ProjectId project, EnvironmentName environment,
      PromotionId promotion, Revision written) {
    return Delivery.onTarget();
  }

  /** The revision written for a promotion into this environment, if one exists. */
  Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
      PromotionId promotion);
}
