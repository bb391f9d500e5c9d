package io.condo.docker;

/** An image reference split the way {@code images/create} wants it; no tag means {@code latest}. */
public record ImageRef(String repository, String tag, String digest) {

  public static ImageRef parse(String reference) {
    int at = reference.indexOf('@');
    if (at >= 0) {
      return new ImageRef(reference.substring(0, at), null, reference.substring(at + 1));
    }
    int colon = reference.lastIndexOf(':');
    int slash = reference.lastIndexOf('/');
    if (colon > slash) {
      return new ImageRef(reference.substring(0, colon), reference.substring(colon + 1), null);
    }
    return new ImageRef(reference, "latest", null);
  }

  /** A tag that may move, so the local copy may be stale: only {@code latest}. */
  public boolean isFloating() {
    return digest == null && "latest".equals(tag);
  }

  /** The name Docker knows the local image by. */
  public String localName() {
    return digest != null ? repository + "@" + digest : repository + ":" + tag;
  }
}
