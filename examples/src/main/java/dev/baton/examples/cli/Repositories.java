package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Finding the Git repository a command works on, its branch, and the Baton files on that branch
 * ({@code .baton/*.yaml}), the way git itself would. Stateless.
 */
final class Repositories {
  /** The largest Baton file ({@code .baton/*.yaml}) read from the branch: 1 MiB. */
  static final int MAX_FILE_BYTES = 1 << 20;

  private Repositories() {}

  /** Opens the repository at or above a folder (or the Git directory itself). */
  static Repository open(Path folder) {
    File start = folder.toAbsolutePath().normalize().toFile();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    if (isGitDir(start)) {
      builder.setGitDir(start);
    } else {
      // Like git, stop searching upward at the folders GIT_CEILING_DIRECTORIES names.
      String ceilings = System.getenv("GIT_CEILING_DIRECTORIES");
      if (ceilings != null) {
        for (String ceiling : ceilings.split(File.pathSeparator)) {
          if (!ceiling.isBlank()) {
            builder.addCeilingDirectory(new File(ceiling));
          }
        }
      }
      builder.findGitDir(start);
      if (builder.getGitDir() == null) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "no Git repository at " + start
            + " (create a sample one with 'baton init', or pass --repo PATH)");
      }
    }
    try {
      return builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "opening the Git repository at " + start + " failed: " + e.getMessage(), e);
    }
  }

  private static boolean isGitDir(File folder) {
    return new File(folder, "HEAD").isFile() && new File(folder, "objects").isDirectory()
        && new File(folder, "refs").isDirectory();
  }

  /** The checked-out branch's name; {@code main} when HEAD is detached or unreadable. */
  static String currentBranch(Repository repository) {
    try {
      String full = repository.getFullBranch();
      return full != null && full.startsWith(Constants.R_HEADS)
          ? full.substring(Constants.R_HEADS.length()) : "main";
    } catch (IOException e) {
      return "main";
    }
  }

  /** BRANCH_NOT_FOUND unless the branch exists: Baton never creates it. */
  static void requireBranch(Repository repository, String branch) {
    try {
      if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
        throw new BatonException(ErrorCode.INVALID_REF_NAME,
            "'" + branch + "' is not a valid branch name");
      }
      if (repository.exactRef(Constants.R_HEADS + branch) == null) {
        throw new BatonException(ErrorCode.BRANCH_NOT_FOUND, "branch '" + branch + "' does not"
            + " exist in " + repository.getDirectory() + "; Baton never creates the branch it"
            + " promotes into (check --branch, or create the branch first)");
      }
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "reading branch " + branch + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The content of a file at the branch's tip; empty when nothing is at that path.
   *
   * @throws BatonException MALFORMED_DOCUMENT when something other than a regular file (a
   *     folder, a symbolic link, a submodule) is at the path: it is never taken for "no file";
   *     DOCUMENT_TOO_LARGE for a file over {@link #MAX_FILE_BYTES}; MALFORMED_DOCUMENT for bytes
   *     that are not UTF-8
   */
  static Optional<String> readOnBranch(Repository repository, String branch, String path) {
    try {
      ObjectId tip = repository.resolve(Constants.R_HEADS + branch + "^{commit}");
      if (tip == null) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repository);
           TreeWalk file = TreeWalk.forPath(repository, path, walk.parseCommit(tip).getTree())) {
        if (file == null) {
          return Optional.empty();
        }
        FileMode mode = file.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          String what = mode == FileMode.TREE ? "a folder" : mode == FileMode.SYMLINK
              ? "a symbolic link" : mode == FileMode.GITLINK ? "a submodule" : "not a file";
          throw new BatonException(ErrorCode.MALFORMED_DOCUMENT, path + " on " + branch + " is "
              + what + ", not a file: make it a file, or remove it");
        }
        ObjectLoader loader = repository.open(file.getObjectId(0), Constants.OBJ_BLOB);
        if (loader.getSize() > MAX_FILE_BYTES) {
          throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, path + " on " + branch + " has "
              + loader.getSize() + " bytes; the limit is " + MAX_FILE_BYTES);
        }
        return Optional.of(InputFiles.utf8(loader.getCachedBytes(MAX_FILE_BYTES),
            path + " on " + branch));
      }
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "reading " + path + " on " + branch + " failed: " + e.getMessage(), e);
    }
  }
}
