/**
 * The Git adapter of Baton: {@link dev.baton.git.GitEnvironmentRepository} keeps environments as
 * folders of a GitOps repository (placed by an {@link dev.baton.git.EnvironmentLayout}) and
 * writes each promotion as one commit that plain {@code git log} explains, directly on a branch
 * or on a pull request branch ({@link dev.baton.git.WriteMode}), optionally through a remote.
 *
 * <p>It depends on the SPI only; understanding the files is core's job.
 */
package dev.baton.git;
