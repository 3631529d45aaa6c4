package dev.baton.http.internal.console;

import static dev.baton.http.internal.Requests.environment;
import static dev.baton.http.internal.Requests.headers;
import static dev.baton.http.internal.Requests.project;
import static dev.baton.http.internal.Requests.promotionId;
import static dev.baton.http.internal.console.Views.map;

import dev.baton.Baton;
import dev.baton.error.BatonException;
import dev.baton.http.Authenticator;
import dev.baton.http.internal.JarResources;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.UserId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's routes under {@link #BASE}: sign-in with a token, the pages, their forms, and
 * the two files they load (the style sheet and htmx, both from the jar). Every page needs a
 * viewer: a console session, or the person the {@link Authenticator} finds in the request's own
 * headers (a platform's proxy or session cookie). Every form carries a CSRF token bound to that
 * viewer and is refused without it. Pages answer with a Content-Security-Policy that allows only
 * the console's own files, so even a mistake in escaping could not run a script. Thread-safe.
 */
public final class ConsoleRoutes {
  /** The prefix of every console route. */
  public static final String BASE = "/console";
  static final String SESSION_COOKIE = "baton_session";
  static final String LOGIN_COOKIE = "baton_login";
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
  private static final String HTML = "text/html; charset=utf-8";
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
      + " base-uri 'none'";
  private static final String HTMX_PROPERTIES =
      "/META-INF/maven/org.webjars.npm/htmx.org/pom.properties";

  private final Authenticator authenticator;
  private final List<ProjectId> projects;
  private final boolean secureCookies;
  private final Sessions sessions;
  private final Templates templates = new Templates();
  private final Pages pages;
  private final byte[] css;
  private final byte[] htmx;

  /**
   * The console over this engine.
   *
   * @param baton the engine
   * @param authenticator who a token (or a request's own headers) names
   * @param projects the projects the navigation links to
   * @param idle how long a session lasts without a request
   * @param secureCookies whether cookies are sent over HTTPS only
   */
  public ConsoleRoutes(Baton baton, Authenticator authenticator, List<ProjectId> projects,
      Duration idle, boolean secureCookies) {
    this.authenticator = authenticator;
    this.projects = List.copyOf(projects);
    this.secureCookies = secureCookies;
    this.sessions = new Sessions(idle, 10_000);
    this.pages = new Pages(baton);
    this.css = JarResources.read("/dev/baton/http/console/console.css");
    this.htmx = JarResources.read("/META-INF/resources/webjars/htmx.org/" + htmxVersion()
        + "/dist/htmx.min.js");
  }

  /**
   * Adds the console's routes to a Javalin configuration.
   *
   * @param config the configuration of the server to mount them in
   */
  public void register(JavalinConfig config) {
    var r = config.routes;
    r.get(BASE, ctx -> ctx.redirect(BASE + "/inbox", HttpStatus.SEE_OTHER));
    r.get(BASE + "/", ctx -> ctx.redirect(BASE + "/inbox", HttpStatus.SEE_OTHER));
    r.get(BASE + "/assets/console.css", ctx -> asset(ctx, "text/css; charset=utf-8", css));
    r.get(BASE + "/assets/htmx.min.js",
        ctx -> asset(ctx, "text/javascript; charset=utf-8", htmx));
    r.get(BASE + "/login", this::loginPage);
    r.post(BASE + "/login", this::login);
    r.post(BASE + "/logout", form((ctx, viewer) -> {
      sessions.close(ctx.cookie(SESSION_COOKIE));
      clearCookie(ctx, SESSION_COOKIE);
      return BASE + "/login";
    }));
    r.get(BASE + "/inbox", page((ctx, viewer) -> pages.inbox(viewer.user(), done(ctx))));
    r.get(BASE + "/promotions/{id}",
        page((ctx, viewer) -> pages.promotion(promotionId(ctx), done(ctx))));
    r.post(BASE + "/promotions/{id}/approve", verb((ctx, viewer, id) ->
        pages.approve(id, viewer.user(), ctx.formParam("comment"))));
    r.post(BASE + "/promotions/{id}/reject", verb((ctx, viewer, id) ->
        pages.reject(id, viewer.user(), ctx.formParam("comment"))));
    r.post(BASE + "/promotions/{id}/withdraw", verb((ctx, viewer, id) ->
        pages.withdraw(id, viewer.user(), ctx.formParam("comment"))));
    r.post(BASE + "/promotions/{id}/deploy", verb((ctx, viewer, id) ->
        pages.deploy(id, viewer.user())));
    r.get(BASE + "/projects/{slug}/history",
        page((ctx, viewer) -> pages.history(project(ctx), ctx::queryParams)));
    r.get(BASE + "/projects/{slug}/pipeline",
        page((ctx, viewer) -> pages.pipeline(project(ctx))));
    r.get(BASE + "/projects/{slug}/environments",
        page((ctx, viewer) -> pages.environments(project(ctx), done(ctx))));
    r.post(BASE + "/projects/{slug}/environments/{env}/freeze", environmentForm((ctx, viewer) ->
        pages.freeze(project(ctx), environment(ctx), viewer.user(), ctx.formParam("reason"),
            ctx.formParam("holds"))));
    r.post(BASE + "/projects/{slug}/environments/{env}/unfreeze", environmentForm(
        (ctx, viewer) -> pages.unfreeze(project(ctx), environment(ctx), viewer.user())));
    r.post(BASE + "/projects/{slug}/environments/{env}/break-glass", environmentForm(
        (ctx, viewer) -> pages.breakGlass(project(ctx), environment(ctx), viewer.user(),
            ctx.formParam("reason"), ctx.formParam("duration"))));
  }

  /** Who is looking, and the key their forms' CSRF tokens are made for. */
  private record Viewer(UserId user, String principal) {}

  @FunctionalInterface
  private interface PageAction {
    Pages.Rendered run(Context ctx, Viewer viewer);
  }

  @FunctionalInterface
  private interface FormAction {
    /** Carries the form out; answers where the browser goes next. */
    String run(Context ctx, Viewer viewer);
  }

  @FunctionalInterface
  private interface VerbAction {
    /** Carries a verb out on a promotion; answers its past tense for the page shown next. */
    String run(Context ctx, Viewer viewer, PromotionId id);
  }

  private Handler page(PageAction action) {
    return ctx -> {
      secure(ctx);
      Optional<Viewer> viewer = viewer(ctx);
      if (viewer.isEmpty()) {
        String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        ctx.redirect(BASE + "/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8),
            HttpStatus.SEE_OTHER);
        return;
      }
      Pages.Rendered page;
      try {
        page = action.run(ctx, viewer.get());
      } catch (RuntimeException e) {
        page = failure(e, ctx.path());
      }
      render(ctx, viewer, page);
    };
  }

  private Handler form(FormAction action) {
    return ctx -> {
      secure(ctx);
      Optional<Viewer> viewer = viewer(ctx);
      if (viewer.isEmpty()) {
        render(ctx, viewer, refused(401, "UNAUTHENTICATED",
            "you are not signed in (or your session ended): sign in and try again"));
        return;
      }
      if (!sessions.csrfMatches(viewer.get().principal(), ctx.formParam("_csrf"))) {
        render(ctx, viewer, refused(403, "CSRF_REFUSED", "this form is stale or was not sent"
            + " from the console: open the page again and resend it"));
        return;
      }
      String next;
      try {
        next = action.run(ctx, viewer.get());
      } catch (RuntimeException e) {
        render(ctx, viewer, failure(e, ctx.path()));
        return;
      }
      ctx.redirect(next, HttpStatus.SEE_OTHER);
    };
  }

  /** A verb's form: back to the inbox when sent from there, else to the promotion's page. */
  private Handler verb(VerbAction action) {
    return form((ctx, viewer) -> {
      PromotionId id = promotionId(ctx);
      String done = action.run(ctx, viewer, id);
      return "inbox".equals(ctx.formParam("back"))
          ? BASE + "/inbox?done=" + done
          : BASE + "/promotions/" + id + "?done=" + done;
    });
  }

  /** An environment's form: back to the environments page, which says what was done. */
  private Handler environmentForm(FormAction action) {
    return form((ctx, viewer) -> BASE + "/projects/" + project(ctx) + "/environments?done="
        + action.run(ctx, viewer));
  }

  private Optional<Viewer> viewer(Context ctx) {
    String session = ctx.cookie(SESSION_COOKIE);
    Optional<UserId> signedIn = sessions.find(session);
    if (signedIn.isPresent()) {
      return Optional.of(new Viewer(signedIn.get(), "session " + session));
    }
    return authenticator.authenticate(headers(ctx)).map(user -> new Viewer(user, "user " + user));
  }

  private void render(Context ctx, Optional<Viewer> viewer, Pages.Rendered page) {
    Map<String, Object> scope = new LinkedHashMap<>(page.scope());
    scope.put("base", BASE);
    scope.put("title", page.title());
    viewer.ifPresent(v -> {
      scope.put("viewer", v.user().toString());
      scope.put("csrf", sessions.csrf(v.principal()));
    });
    List<Map<String, Object>> nav = new ArrayList<>();
    for (ProjectId project : projects) {
      nav.add(map("slug", project.toString()));
    }
    scope.put("projects", nav);
    ctx.status(page.status()).contentType(HTML).result(templates.render(page.template(), scope));
  }

  private static Pages.Rendered failure(RuntimeException e, String path) {
    if (e instanceof BatonException b) {
      return new Pages.Rendered("error", "Refused: " + b.code(), map("status", b.httpStatus(),
          "code", b.code().name(), "message", b.getMessage(),
          "problems", b.problems(), "hasProblems", b.problems().size() > 1), b.httpStatus());
    }
    LOG.error("{} failed", path, e);
    return refused(500, "FAILURE", "the server failed to answer; its log has the details");
  }

  private static Pages.Rendered refused(int status, String code, String message) {
    return new Pages.Rendered("error", "Refused: " + code, map("status", status, "code", code,
        "message", message, "problems", List.of(), "hasProblems", false), status);
  }

  // --- signing in and out

  private void loginPage(Context ctx) {
    secure(ctx);
    String next = safeNext(ctx.queryParam("next"));
    if (viewer(ctx).isPresent()) {
      ctx.redirect(next, HttpStatus.SEE_OTHER);
      return;
    }
    showLogin(ctx, next, null, 200);
  }

  private void showLogin(Context ctx, String next, String problem, int status) {
    String check = sessions.randomText();
    setCookie(ctx, LOGIN_COOKIE, check);
    render(ctx, Optional.empty(), new Pages.Rendered("login", "Sign in",
        map("loginCheck", check, "next", next, "problem", problem), status));
  }

  private void login(Context ctx) {
    secure(ctx);
    String next = safeNext(ctx.formParam("next"));
    String expected = ctx.cookie(LOGIN_COOKIE);
    String sent = ctx.formParam("_csrf");
    if (expected == null || sent == null || !MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
      showLogin(ctx, next, "The sign-in form was stale or not sent from this page: try again.",
          403);
      return;
    }
    String token = Optional.ofNullable(ctx.formParam("token")).orElse("").strip();
    Optional<UserId> user = token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)
        ? Optional.empty()
        : authenticator.authenticate(HttpHeaders.of(
            Map.of("Authorization", List.of("Bearer " + token)), (name, value) -> true));
    if (user.isEmpty()) {
      showLogin(ctx, next, "That token was not accepted.", 401);
      return;
    }
    // a new id at every sign-in, so an id planted before it is worth nothing after
    sessions.close(ctx.cookie(SESSION_COOKIE));
    setCookie(ctx, SESSION_COOKIE, sessions.open(user.get()));
    clearCookie(ctx, LOGIN_COOKIE);
    LOG.info("console sign-in by {}", user.get());
    ctx.redirect(next, HttpStatus.SEE_OTHER);
  }

  /** Where to go after signing in: a console page, never another site. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith(BASE + "/") || next.startsWith(BASE + "/login")
        || next.contains("//") || next.contains("\\") || next.contains("..")
        || next.chars().anyMatch(c -> c < 0x21)) {
      return BASE + "/inbox";
    }
    return next;
  }

  private void setCookie(Context ctx, String name, String value) {
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + BASE
        + "; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : ""));
  }

  private void clearCookie(Context ctx, String name) {
    ctx.res().addHeader("Set-Cookie", name + "=; Path=" + BASE + "; Max-Age=0; HttpOnly;"
        + " SameSite=Strict" + (secureCookies ? "; Secure" : ""));
  }

  // --- plumbing

  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }

  private static void asset(Context ctx, String type, byte[] body) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.status(200).contentType(type).result(body);
  }

  private static Optional<String> done(Context ctx) {
    return Optional.ofNullable(ctx.queryParam("done"));
  }

  private static String htmxVersion() {
    Properties properties = new Properties();
    try {
      properties.load(new ByteArrayInputStream(JarResources.read(HTMX_PROPERTIES)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
