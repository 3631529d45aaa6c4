package dev.baton.http;

import dev.baton.Baton;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baton's HTTP API on a server of its own (Javalin on Jetty), for running Baton beside a platform
 * rather than inside it; {@code baton serve} uses it. To mount the API in a server you already
 * run, use {@link BatonHttp#routes} instead.
 *
 * <pre>{@code
 * try (BatonServer server = BatonServer.builder(baton, BearerTokens.fromFile(tokens))
 *     .port(8080).build().start()) {
 *   System.err.println("serving " + server.uri());
 *   server.join();
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} gives an immutable configuration; {@link #start()} binds the port
 * and returns once the server accepts requests. {@link #close()} stops it (requests in flight are
 * not waited for beyond Jetty's own stop); the engine is not closed: it belongs to the caller.
 * Thread-safe.
 *
 * @since 0.2
 */
public final class BatonServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatonServer.class);

  private final Baton baton;
  private final Authenticator authenticator;
  private final String host;
  private final int requestedPort;
  private final long maxRequestBytes;
  private final List<Consumer<JavalinConfig>> more;
  private final String readOnlyPipelines;
  private final Object lock = new Object();
  private Javalin javalin;
  private boolean stopped;

  private BatonServer(Builder b) {
    this.baton = b.baton;
    this.authenticator = b.authenticator;
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxRequestBytes = b.maxRequestBytes;
    this.more = List.copyOf(b.more);
    this.readOnlyPipelines = b.readOnlyPipelines;
  }

  /**
   * A builder for a server over this engine.
   *
   * @param baton the engine
   * @param authenticator who is calling
   * @return a builder with host 127.0.0.1 and port 8080
   * @since 0.2
   */
  public static Builder builder(Baton baton, Authenticator authenticator) {
    return new Builder(baton, authenticator);
  }

  /**
   * Binds the port and starts answering.
   *
   * @return this server, running
   * @throws IllegalStateException when it was started before
   * @throws RuntimeException (Jetty's) when the port cannot be bound
   * @since 0.2
   */
  public BatonServer start() {
    synchronized (lock) {
      if (javalin != null || stopped) {
        throw new IllegalStateException("a BatonServer starts once");
      }
      Consumer<JavalinConfig> api = readOnlyPipelines == null
          ? BatonHttp.routes(baton, authenticator)
          : BatonHttp.routesWithReadOnlyPipelines(baton, authenticator, readOnlyPipelines);
      javalin = Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = maxRequestBytes;
        api.accept(config);
        more.forEach(routes -> routes.accept(config));
      });
      javalin.start(host, requestedPort);
      LOG.info("Baton HTTP API on {}", uri());
      return this;
    }
  }

  /**
   * The port the server listens on (the one the system chose when built with port 0).
   *
   * @return the port
   * @throws IllegalStateException before {@link #start()}
   * @since 0.2
   */
  public int port() {
    synchronized (lock) {
      if (javalin == null) {
        throw new IllegalStateException("not started");
      }
      return javalin.port();
    }
  }

  /**
   * Where the server answers: {@code http://HOST:PORT}, without a trailing slash.
   *
   * @return the base URI; the API is under {@code /api/v2}
   * @throws IllegalStateException before {@link #start()}
   * @since 0.2
   */
  public URI uri() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shown + ":" + port());
  }

  /**
   * Blocks the calling thread until the server is closed (by another thread or a shutdown hook).
   *
   * @throws InterruptedException when the thread is interrupted while waiting
   * @since 0.2
   */
  public void join() throws InterruptedException {
    synchronized (lock) {
      while (!stopped) {
        lock.wait();
      }
    }
  }

  /**
   * Stops the server; a no-op when it was not started or is stopped already.
   *
   * @since 0.2
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (javalin != null && !stopped) {
        javalin.stop();
      }
      stopped = true;
      lock.notifyAll();
    }
  }

  /**
   * Settings of a {@link BatonServer}. Single-assignment style: set what you need, then
   * {@link #build()} checks and freezes them. Not thread-safe; the server it builds is.
   *
   * @since 0.2
   */
  public static final class Builder {
    private final Baton baton;
    private final Authenticator authenticator;
    private String host = "127.0.0.1";
    private int port = 8080;
    private long maxRequestBytes = 1_000_000;
    private final List<Consumer<JavalinConfig>> more = new ArrayList<>();
    private String readOnlyPipelines;
    private boolean built;

    private Builder(Baton baton, Authenticator authenticator) {
      this.baton = Objects.requireNonNull(baton, "baton");
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    /**
     * The address to listen on.
     *
     * @param value a host name or address; 127.0.0.1 by default (this machine only), 0.0.0.0
     *     for every interface
     * @return this builder
     * @since 0.2
     */
    public Builder host(String value) {
      this.host = Objects.requireNonNull(value, "host");
      return this;
    }

    /**
     * The port to listen on.
     *
     * @param value 1 to 65535, or 0 for any free port ({@link BatonServer#port()} says which)
     * @return this builder
     * @since 0.2
     */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /**
     * The largest request body accepted; larger ones are refused with 413.
     *
     * @param value bytes, at least 1024; 1,000,000 by default
     * @return this builder
     * @since 0.2
     */
    public Builder maxRequestBytes(long value) {
      this.maxRequestBytes = value;
      return this;
    }

    /**
     * More routes to serve beside the API (a health check, the web console of
     * {@link BatonConsole}): a group of routes added to the same Javalin configuration after
     * the API's.
     *
     * @param routes adds routes to the configuration
     * @return this builder
     * @since 0.2
     */
    public Builder routes(Consumer<JavalinConfig> routes) {
      more.add(Objects.requireNonNull(routes, "routes"));
      return this;
    }

    /**
     * Pipelines come from elsewhere, which stores them again on its own: {@code PUT} of a
     * pipeline is refused (see {@link BatonHttp#routesWithReadOnlyPipelines}).
     *
     * @param source where the pipelines are changed, for people: {@code ".baton/pipeline.yaml
     *     on main"}
     * @return this builder
     * @since 0.2
     */
    public Builder readOnlyPipelines(String source) {
      this.readOnlyPipelines = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Checks the settings and freezes them.
     *
     * @return a server, not started
     * @throws IllegalArgumentException for a port outside 0 to 65535, a body limit under 1024,
     *     or a blank host or read-only pipelines' source
     * @throws IllegalStateException when this builder built a server already
     * @since 0.2
     */
    public BatonServer build() {
      if (built) {
        throw new IllegalStateException("a builder builds one server");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port is 0 to 65535, not " + port);
      }
      if (maxRequestBytes < 1024) {
        throw new IllegalArgumentException("maxRequestBytes is at least 1024, not "
            + maxRequestBytes);
      }
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is blank");
      }
      if (readOnlyPipelines != null && readOnlyPipelines.isBlank()) {
        throw new IllegalArgumentException("the read-only pipelines' source is blank");
      }
      built = true;
      return new BatonServer(this);
    }
  }
}
