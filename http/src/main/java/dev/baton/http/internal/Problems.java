package dev.baton.http.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.json.Json;
import dev.baton.http.json.JsonView;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors as RFC 9457 problem details ({@code application/problem+json}): {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, plus Baton's {@code code} and
 * every problem in {@code problems}. Stateless.
 */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_PREFIX = "https://baton.dev/problems/";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** The problem for an exception, and the status to answer with. */
  static Answer of(Throwable error, String instance) {
    if (error instanceof BatonException e) {
      List<String> problems = e.problems().isEmpty() ? List.of(e.getMessage()) : e.problems();
      return answer(e.httpStatus(), e.code().name(), e.getMessage(), problems, instance);
    }
    if (error instanceof HttpProblem p) {
      return answer(p.status(), p.code(), p.getMessage(), p.problems(), instance);
    }
    if (error instanceof HttpResponseException e) {
      // Javalin's own refusals, such as a body over the server's size limit
      String code = e.getStatus() == 413 ? ErrorCode.DOCUMENT_TOO_LARGE.name()
          : "HTTP_" + e.getStatus();
      String detail = e.getStatus() == 413 ? "the request body is larger than the server accepts"
          : e.getMessage();
      return answer(e.getStatus(), code, detail, List.of(detail), instance);
    }
    // a bug or a broken port: the person calling gets no internals, the log gets everything
    LOG.error("{} failed", instance, error);
    String detail = "the server failed to answer; its log has the details";
    return answer(500, JsonView.FAILURE, detail, List.of(detail), instance);
  }

  private static Answer answer(int status, String code, String detail, List<String> problems,
      String instance) {
    Map<String, Object> body = JsonView.object(
        "type", TYPE_PREFIX + code.toLowerCase(Locale.ROOT).replace('_', '-'),
        "title", title(code),
        "status", status,
        "detail", detail,
        "instance", instance,
        "code", code,
        "problems", problems);
    return new Answer(status, Json.line(body));
  }

  /** ALREADY_APPROVED reads "Already approved". */
  static String title(String code) {
    String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** A status and a problem+json body. */
  record Answer(int status, String body) {}
}
