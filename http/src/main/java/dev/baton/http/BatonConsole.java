package dev.baton.http;

import dev.baton.Baton;
import dev.baton.http.internal.console.ConsoleRoutes;
import dev.baton.model.ProjectId;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Baton's web console: server-rendered pages for the people who approve and deploy, under
 * {@link #PATH}, to mount beside the API in a Javalin server (the platform's own, or a
 * {@link BatonServer}'s through {@link BatonServer.Builder#routes}).
 *
 * <pre>{@code
 * BatonConsole console = BatonConsole.builder(baton, tokens).project(ProjectId.of("shop")).build();
 * BatonServer.builder(baton, tokens).routes(console.routes()).build().start();
 * // a person opens http://127.0.0.1:8080/console/ and signs in with their token
 * }</pre>
 *
 * <p>Pages: the approvals inbox (what the viewer may approve, each with its pinned preview and
 * approve or reject with a comment), a promotion (status, decisions, release, deploy, timeline),
 * a project's history with the API's filters and paging, the pipeline as an SVG picture, and the
 * environments with their freeze and break-glass state. A person signs in with a token the
 * {@link Authenticator} accepts (as {@code Authorization: Bearer TOKEN}); a request the
 * authenticator accepts from its own headers (a platform's proxy or cookie) needs no sign-in.
 * Every verb goes through the engine's facades, which check permissions as for any caller.
 *
 * <p>Safe by construction: everything shown is HTML-escaped by the templates; every form carries
 * a CSRF token bound to the viewer's session; cookies are {@code HttpOnly} and
 * {@code SameSite=Strict} (and {@code Secure} when {@link Builder#secureCookies} is set, for a
 * console behind HTTPS); pages carry a Content-Security-Policy that allows only the console's
 * own style sheet and script. Tokens are never shown or kept; sessions live in this server's
 * memory and end at sign-out, after the idle time, or when the server stops. Nothing is fetched
 * from the internet: the one script, htmx, is served from its webjar. Immutable and
 * thread-safe.
 *
 * @since 0.2
 */
public final class BatonConsole {
  /**
   * The path every console page starts with.
   *
   * @since 0.2
   */
  public static final String PATH = ConsoleRoutes.BASE;

  private final ConsoleRoutes routes;

  private BatonConsole(Builder b) {
    this.routes = new ConsoleRoutes(b.baton, b.authenticator, b.projects, b.idle,
        b.secureCookies);
  }

  /**
   * A builder for the console over this engine.
   *
   * @param baton the engine
   * @param authenticator who a token names
   * @return a builder with no project in the navigation, sessions idle for 8 hours, and
   *     cookies sent over HTTP too (a console on loopback)
   * @since 0.2
   */
  public static Builder builder(Baton baton, Authenticator authenticator) {
    return new Builder(baton, authenticator);
  }

  /**
   * The console's routes.
   *
   * @return adds them to a Javalin configuration; one console's sessions are shared by every
   *     server it is added to
   * @since 0.2
   */
  public Consumer<JavalinConfig> routes() {
    return routes::register;
  }

  /**
   * Settings of a {@link BatonConsole}. Not thread-safe; the console it builds is.
   *
   * @since 0.2
   */
  public static final class Builder {
    private final Baton baton;
    private final Authenticator authenticator;
    private final List<ProjectId> projects = new ArrayList<>();
    private Duration idle = Duration.ofHours(8);
    private boolean secureCookies;

    private Builder(Baton baton, Authenticator authenticator) {
      this.baton = Objects.requireNonNull(baton, "baton");
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    /**
     * A project the navigation links to (its history, pipeline and environments); a promotion
     * of any project is shown when linked to from the inbox.
     *
     * @param project the project
     * @return this builder
     * @since 0.2
     */
    public Builder project(ProjectId project) {
      projects.add(Objects.requireNonNull(project, "project"));
      return this;
    }

    /**
     * How long a session lasts without a request.
     *
     * @param value at least one minute; 8 hours by default
     * @return this builder
     * @since 0.2
     */
    public Builder sessionIdle(Duration value) {
      this.idle = Objects.requireNonNull(value, "sessionIdle");
      return this;
    }

    /**
     * Whether the cookies carry {@code Secure} (sent over HTTPS only): set it when the console
     * is reached through HTTPS, as anywhere but loopback it should be.
     *
     * @param value true for HTTPS-only cookies; false by default
     * @return this builder
     * @since 0.2
     */
    public Builder secureCookies(boolean value) {
      this.secureCookies = value;
      return this;
    }

    /**
     * Checks the settings and builds the console (its templates are compiled here).
     *
     * @return the console
     * @throws IllegalArgumentException for an idle time under a minute
     * @since 0.2
     */
    public BatonConsole build() {
      if (idle.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("sessionIdle is at least one minute, not " + idle);
      }
      return new BatonConsole(this);
    }
  }
}
