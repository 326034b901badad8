package io.costslo.app.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names and label values CostSLO derives from user names, fitted to Kubernetes' limits: when too
 * long, the start is kept and the end replaced by a hash of the whole, so the result is
 * deterministic (the next reconcile finds the same object) and distinct names stay distinct.
 */
final class KubernetesNames {
  /** A Deployment's ReplicaSets are named {@code <deployment>-<hash of up to 10 chars>}, within 253. */
  static final int MAX_DEPLOYMENT_NAME = 253 - 11;
  static final int MAX_LABEL_VALUE = 63;
  private static final int HASH_CHARS = 10;

  private KubernetesNames() {}

  /** {@code base + suffix}, or a truncated base, a hash and the suffix when that exceeds {@code max}. */
  static String fit(String base, String suffix, int max) {
    String whole = base + suffix;
    if (whole.length() <= max) {
      return whole;
    }
    String hash = hash(whole);
    int keep = Math.max(0, max - suffix.length() - hash.length() - 1);
    String start = base.substring(0, Math.min(keep, base.length()));
    // A name or label value must end alphanumeric before the separator we add.
    while (!start.isEmpty() && !Character.isLetterOrDigit(start.charAt(start.length() - 1))) {
      start = start.substring(0, start.length() - 1);
    }
    return (start.isEmpty() ? "" : start + "-") + hash + suffix;
  }

  /** A label value for a user name: the name itself when it fits in 63 characters. */
  static String labelValue(String name) {
    return fit(name, "", MAX_LABEL_VALUE);
  }

  private static String hash(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
