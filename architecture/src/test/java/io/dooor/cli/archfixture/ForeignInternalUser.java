package io.dooor.cli.archfixture;

import io.dooor.client.auth.internal.ContentDigest;

/** Breaks the boundaries on purpose: a cli class that imports client's internal package. */
public final class ForeignInternalUser {
  private ForeignInternalUser() {}

  static String name() {
    return ContentDigest.class.getName();
  }
}
