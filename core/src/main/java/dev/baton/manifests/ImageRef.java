package dev.baton.manifests;

/**
 * A container image reference split into what identifies the image ({@code registry/repository})
 * and its version (the {@code :tag} and {@code @digest}), so that a promotion moves the version
 * and leaves each environment's registry and repository alone.
 *
 * @param repository everything before the tag or digest
 * @param version the tag and digest as written, with their {@code :} and {@code @}; may be empty
 */
record ImageRef(String repository, String version) {

  static ImageRef parse(String reference) {
    int at = reference.indexOf('@');
    String beforeDigest = at < 0 ? reference : reference.substring(0, at);
    int slash = beforeDigest.lastIndexOf('/');
    int colon = beforeDigest.lastIndexOf(':');
    // a colon before the last slash is a registry port, not a tag
    int cut = colon > slash ? colon : at < 0 ? reference.length() : at;
    return new ImageRef(reference.substring(0, cut), reference.substring(cut));
  }

  /** The tag alone, without the colon, or empty. */
  String tag() {
    if (!version.startsWith(":")) {
      return "";
    }
    int at = version.indexOf('@');
    return at < 0 ? version.substring(1) : version.substring(1, at);
  }

  /** This image's repository with another image's version. */
  String withVersionOf(ImageRef other) {
    return repository + other.version;
  }
}
