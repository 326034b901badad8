package io.costslo.app.cli;

/** {@code -o}: a human table or one JSON document on stdout (progress, if any, goes to stderr). */
public enum OutputFormat {
  table,
  json
}
