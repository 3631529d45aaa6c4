package dev.baton.http.internal;

import java.util.List;

/**
 * A refusal at the HTTP layer, before or around the engine (authentication, preconditions, a
 * malformed body): answered as a problem detail with {@code code}. Unchecked; handled once, by
 * {@link Problems}.
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final List<String> problems;

  HttpProblem(int status, String code, String detail, List<String> problems) {
    super(detail);
    this.status = status;
    this.code = code;
    this.problems = List.copyOf(problems);
  }

  HttpProblem(int status, String code, String detail) {
    this(status, code, detail, List.of(detail));
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  List<String> problems() {
    return problems;
  }
}
