package io.azurejit.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} in the Prometheus text format, {@code /healthz} (the controllers' informers are
 * connected) and {@code /readyz} (started and healthy; the body says whether this replica leads).
 */
public final class HttpEndpoints implements AutoCloseable {

  private final HttpServer server;

  private HttpEndpoints(HttpServer server) {
    this.server = server;
  }

  /** Serves on {@code port} of every interface; 0 picks a free port. */
  public static HttpEndpoints start(
      int port, PrometheusMeterRegistry registry, BooleanSupplier healthy, BooleanSupplier leader) {
    try {
      var server = HttpServer.create(new InetSocketAddress(port), 16);
      server.createContext(
          "/metrics",
          exchange ->
              respond(
                  exchange, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
      server.createContext(
          "/healthz",
          exchange ->
              respond(exchange, healthy.getAsBoolean() ? 200 : 503, status(healthy), "text/plain"));
      server.createContext(
          "/readyz",
          exchange ->
              respond(
                  exchange,
                  healthy.getAsBoolean() ? 200 : 503,
                  status(healthy) + (leader.getAsBoolean() ? " leader" : " standby"),
                  "text/plain"));
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.start();
      return new HttpEndpoints(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics and health on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static String status(BooleanSupplier healthy) {
    return healthy.getAsBoolean() ? "ok" : "informers not connected";
  }

  private static void respond(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
