package dev.baton.examples.cli;

import dev.baton.http.Authenticator;
import dev.baton.http.BatonConsole;
import dev.baton.http.BatonHttp;
import dev.baton.http.BatonServer;
import dev.baton.http.BearerTokens;
import dev.baton.model.UserId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton serve}: the HTTP API on the repository, until killed. */
@Command(name = "serve", mixinStandardHelpOptions = true, addMethodSubcommands = false,
    description = {"Serves the HTTP API (" + BatonHttp.API + ", docs/http.md) and the web"
        + " console (" + BatonConsole.PATH + "/, sign in with a token) on this repository until"
        + " killed (Ctrl-C). The URLs go to stderr.",
        "Callers send 'Authorization: Bearer TOKEN'. Without --tokens, a fresh token for you"
            + " (--as or git config user.email) is made up and printed on stderr."})
final class ServeCommand extends WorkspaceCommand {

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "The port (0: any free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (0.0.0.0: every interface)."
          + " Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--tokens", paramLabel = "FILE",
      description = "Who may call: one 'TOKEN USER' pair per line ('#' comments and blank lines"
          + " are ignored; a token has 16 to 512 characters).")
  Path tokens;

  @Override
  Integer call(Workspace workspace, Output out) throws Exception {
    if (port < 0 || port > 65535) {
      throw usage("--port: 0 to 65535, not " + port);
    }
    Authenticator authenticator;
    String token = null;
    if (tokens != null) {
      try {
        authenticator = BearerTokens.fromFile(tokens);
      } catch (IllegalArgumentException e) {
        throw usage("--tokens: " + e.getMessage());
      }
    } else {
      UserId user = user(workspace);
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      token = HexFormat.of().formatHex(random);
      authenticator = BearerTokens.of(Map.of(token, user));
    }
    BatonConsole console = BatonConsole.builder(workspace.baton(), authenticator)
        .project(workspace.project()).build();
    BatonServer.Builder builder = BatonServer.builder(workspace.baton(), authenticator)
        .routes(console.routes()).host(host).port(port);
    if (workspace.pipelineFile().isPresent()) {
      // every command stores the branch's file again: a PUT would be silently undone
      builder.readOnlyPipelines(Workspace.PIPELINE_FILE + " on " + workspace.branch());
    }
    try (BatonServer server = builder.build().start()) {
      Thread hook = new Thread(() -> {
        server.close();
      }, "baton-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.warn("serving the Baton API of " + workspace.project() + " on " + server.uri()
          + BatonHttp.API + "/ (OpenAPI: " + server.uri() + BatonHttp.API + "/openapi.json)");
      out.warn("web console: " + server.uri() + BatonConsole.PATH + "/ (sign in with a token)");
      if (token != null) {
        out.warn("token for " + user(workspace) + ": " + token
            + "  (curl -H 'Authorization: Bearer " + token + "' " + server.uri()
            + BatonHttp.API + "/inbox)");
      }
      out.flush();
      server.join();
    }
    return 0;
  }
}
