package dev.baton.git.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/** Opens the repositories Baton works on. Stateless; thread-safe. */
public final class GitRepositories {
  private GitRepositories() {}

  /**
   * Opens an existing repository: a bare repository's (or any Git) directory, or a working
   * tree's top folder.
   *
   * @throws BatonException INVALID_ARGUMENT when there is no Git repository at the path,
   *     BACKEND_FAILURE when opening fails
   */
  public static Repository open(Path path) {
    File directory = path.toFile();
    FileRepositoryBuilder opening = new FileRepositoryBuilder().setMustExist(true);
    if (RepositoryCache.FileKey.isGitRepository(directory, FS.DETECTED)) {
      opening.setGitDir(directory);
    } else {
      opening.setWorkTree(directory);
    }
    try {
      return opening.build();
    } catch (RepositoryNotFoundException | IllegalArgumentException e) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "no Git repository at " + path, e);
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "opening the Git repository at " + path + " failed: " + e.getMessage(), e);
    }
  }
}
