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
 *
 * <h2>What the engine does with it</h2>
 * A request {@link #read reads} the source and the target and records both revisions on the
 * promotion; a preview reads them too, and {@link #readAt reads} the target at the revision of its
 * last release as the base for conflict indicators. Execution runs under the promotion's execution
 * claim: it first asks {@link #findWrite} whether a write for the promotion exists (a crash may
 * have come between the write and its record; it then asks {@link #isAncestor} whether a newer
 * release was made on top of it), then plans the change from the files it
 * {@link #read reads} and calls {@link #write}; on {@code STALE} it reads and plans again, up to
 * the engine's {@code maxWriteAttempts}. After the write it asks {@link #delivery} before it
 * deploys anything. Different promotions may call every method concurrently, also for the same
 * environment; the engine serialises executions into one target through its target claim, but a
 * stalled executor whose claim was taken over may still be inside {@code write} while its
 * successor writes the same promotion, so a write must stay idempotent per promotion id under
 * that race.
 *
 * <h2>Failures</h2>
 * Expected outcomes are values ({@link WriteResult}, {@link Delivery}, empty optionals). Refusals
 * and breakage are {@link dev.baton.error.BatonException}s, and a call that throws writes nothing
 * the target would see. The Git adapter uses {@code BRANCH_NOT_FOUND} (the branch is missing; Baton
 * never creates it), {@code WRITE_CONFLICT} (it kept losing the race for the branch),
 * {@code PATH_OUTSIDE_ENVIRONMENT}, {@code DOCUMENT_TOO_LARGE}, {@code MALFORMED_DOCUMENT} (not
 * UTF-8), {@code INVALID_REF_NAME}, {@code STORE_CORRUPT} and {@code BACKEND_FAILURE} (I/O, a
 * remote that cannot be reached). A failure of the write step leaves the promotion approved and
 * waiting (it can be resumed); one of {@code TARGET_CHANGED}, {@code STALE_PROMOTION} or
 * {@code NOTHING_TO_PROMOTE} closes it instead, since retrying cannot help. Calls may block, and
 * may use the network (the Git adapter fetches before a read and pushes a write to its remote).
 * The engine never passes null.
 *
 * @since 0.1
 */
public interface EnvironmentRepository {

  /**
   * The environments the project has (for Git: the folders that exist).
   *
   * <p>An environment exists when it has files (or, for Git, its folder exists at the branch
   * tip); a fresh project has none. The engine refuses a request with
   * {@code UNKNOWN_ENVIRONMENT} when its source or target is missing here, and a pipeline whose
   * stage names an environment missing here, so that a missing folder is never promoted as empty.
   *
   * @param project the project
   * @return the environments that exist now; never null, possibly empty
   * @since 0.1
   */
  Set<EnvironmentName> environments(ProjectId project);

  /**
   * The environment's files at its current revision; an environment with no files is empty.
   *
   * <p>"Current" is what the engine would write on top of: the revision returned here is what it
   * passes as {@link EnvironmentWrite#expectedRevision()}. Reading an environment that does not
   * exist answers no files rather than an error.
   *
   * @param project the project
   * @param environment the environment
   * @return the files with the revision they were read at
   * @since 0.1
   */
  EnvironmentFiles read(ProjectId project, EnvironmentName environment);

  /**
   * The environment's files at an earlier revision, if that revision is known.
   *
   * <p>A revision this repository produced (by {@link #write} or by a direct change) must keep
   * reading as it was for as long as the promotions that recorded it matter. Empty when the
   * revision is unknown (never produced here, or gone): the engine then refuses to execute a
   * promotion whose target revision is gone, with {@code TARGET_CHANGED}, and previews without
   * conflict indicators.
   *
   * @param project the project
   * @param environment the environment
   * @param revision a revision this repository answered before
   * @return the files as they were at {@code revision}, or empty when it is unknown
   * @since 0.1
   */
  Optional<EnvironmentFiles> readAt(ProjectId project, EnvironmentName environment,
      Revision revision);

  /**
   * Applies the changes as one revision. Returns ALREADY_WRITTEN with the existing revision when
   * a write for the same promotion exists; STALE, writing nothing, when the environment's files
   * changed since {@code expectedRevision}. Changes to other environments since then do not make
   * a write stale.
   *
   * <p>ALREADY_WRITTEN wins over STALE, and answers the revision of the first write whatever the
   * changes of the second. STALE answers the environment's current revision; an
   * {@code expectedRevision} the repository does not know is stale too. Otherwise the write is
   * WRITTEN: the changes (writes and deletions, nothing else in the folder, nothing outside it)
   * become visible at once as one new revision, which {@link #findWrite} finds from then on, also
   * after a restart. An empty list of changes still records a revision. Of several writers
   * racing on the same expected revision of an environment, exactly one is WRITTEN.
   *
   * @param write the project, environment, expected revision, changes and commit information
   *     (whose promotion id identifies the write)
   * @return the outcome and the revision it concerns
   * @throws dev.baton.error.BatonException {@code WRITE_CONFLICT} when the backend kept losing
   *     races with unrelated writes, or another refusal listed on the interface; nothing is
   *     written
   * @since 0.1
   */
  WriteResult write(EnvironmentWrite write);

  /**
   * Capability query: the folder this repository reads the environment from, relative to its
   * root (for Git: the layout's folder, or the environment's own), whether or not it exists.
   * Empty when the repository has no notion of folders, which is the default. Core compares it
   * with the pipeline's {@link dev.baton.model.Pipeline#folderOf} when a pipeline is replaced,
   * so that the repository and the pipeline never disagree about where an environment lives.
   *
   * <p>It must not touch the network or the files: it answers from configuration.
   *
   * @param project the project
   * @param environment the environment
   * @return the folder, or empty when the repository cannot say
   * @since 0.1
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
   *
   * <p>The engine asks when an execution reaches its deploy decision, and again on every
   * {@code recover()} and {@code resume} for a release that waits for its merge. An exception is
   * logged and counts as AWAITING_MERGE: the promotion keeps waiting and is asked about again.
   *
   * @param project the project
   * @param environment the target environment
   * @param promotion the promotion whose write is asked about
   * @param written the revision the write produced
   * @return where the write stands; ON_TARGET may name the revision it landed as
   * @since 0.1
   */
  default Delivery delivery(ProjectId project, EnvironmentName environment,
      PromotionId promotion, Revision written) {
    return Delivery.onTarget();
  }

  /**
   * Capability query: whether {@code ancestor} is {@code descendant} or a revision the
   * environment's history went through on its way to {@code descendant} (for Git: the first
   * commit is reachable from the second, as {@code git merge-base --is-ancestor} answers). Empty
   * when the repository cannot tell, which is the default: it keeps no order of its revisions,
   * or does not know one of the two (never produced here, or gone).
   *
   * <p>The engine asks it when it finds a write of a promotion standing in the target that was
   * never recorded (a crash, or a write call that failed after committing): a release of another
   * promotion that descends from that write was made on top of it, so recording the write would
   * release an older state of the target than that release, and deploying it would roll the
   * release back. Then the promotion is closed with {@code STALE_PROMOTION} and nothing is
   * released. A repository that answers here orders the two without any clock. When it cannot
   * tell, the engine falls back to the promotion store's times: a release created after the
   * promotion's quorum was met (no write is made before it) counts as made after the write. That
   * leans towards refusing (a write a crash left above a release made between the quorum and the
   * write, after a step-back, is refused too), but it trusts the clocks of the instances that
   * stamped the two times, so a repository that can order its revisions should answer here.
   *
   * <p>It must not write anything; it may fetch, as {@link #readAt} does for a revision it does
   * not know yet. Both revisions are ones this repository answered before (by {@link #write},
   * {@link #findWrite}, {@link #read} or as {@link #delivery}'s landed revision).
   *
   * @param project the project
   * @param environment the environment both revisions are revisions of
   * @param ancestor the revision that may come first
   * @param descendant the revision that may come after it
   * @return true when {@code ancestor} is {@code descendant} or one of its ancestors, false when
   *     it is not, empty when the repository cannot tell
   * @throws dev.baton.error.BatonException {@code BACKEND_FAILURE} when the repository cannot be
   *     reached (the engine then records nothing and tries again later)
   * @since 0.2
   */
  default Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
      Revision ancestor, Revision descendant) {
    return Optional.empty();
  }

  /**
   * The revision written for a promotion into this environment, if one exists.
   *
   * <p>It finds what {@link #write} wrote for the promotion into this environment (a write into
   * another environment does not count), durably: the engine relies on it after a crash to learn
   * that a write happened before it was recorded, and then records that revision instead of
   * writing again. Promotion ids are unique across projects.
   *
   * @param project the project
   * @param environment the environment written into
   * @param promotion the promotion
   * @return the revision of the promotion's write, or empty when it has none here
   * @since 0.1
   */
  Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
      PromotionId promotion);
}
