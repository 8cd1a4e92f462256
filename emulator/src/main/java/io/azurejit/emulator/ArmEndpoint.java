package io.azurejit.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the eight JIT operations of api-version 2020-01-01 at their ARM paths, with ARM's headers,
 * error envelope, throttling, and the faults injected through the admin API.
 */
final class ArmEndpoint implements HttpHandler {

  static final String API_VERSION = "2020-01-01";

  private static final Logger LOG = LoggerFactory.getLogger(ArmEndpoint.class);
  private static final Pattern ROUTE =
      Pattern.compile(
          "^/subscriptions/([^/]+)(?:/resourceGroups/([^/]+))?/providers/Microsoft\\.Security"
              + "(?:/locations/([^/]+))?/jitNetworkAccessPolicies(?:/([^/]+)(?:/([^/]+))?)?/?$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$");
  private static final Pattern RESOURCE_GROUP = Pattern.compile("^[-\\w._()]{1,90}$");

  private final JitService service;
  private final EmulatorOptions options;
  private final Faults faults;
  private final Throttling throttling;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private volatile String baseUrl;

  ArmEndpoint(JitService service, EmulatorOptions options, Faults faults) {
    this.service = service;
    this.options = options;
    this.faults = faults;
    this.throttling = new Throttling(options.throttling());
  }

  void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Calls answered so far, keyed by operation and status, such as {@code "initiate 202"}. */
  Map<String, Long> calls() {
    Map<String, Long> snapshot = new HashMap<>();
    calls.forEach((key, count) -> snapshot.put(key, count.sum()));
    return snapshot;
  }

  void reset() {
    calls.clear();
    throttling.reset();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    var response = new Response(exchange);
    String operation = "unknown";
    try {
      Matcher route = ROUTE.matcher(exchange.getRequestURI().getPath());
      if (!route.matches()) {
        throw new ArmException(
            404, "NotFound", "No route matches '" + exchange.getRequestURI().getPath() + "'.");
      }
      operation = operationOf(exchange.getRequestMethod(), route);
      Caller caller = Caller.of(exchange);
      checkRequest(exchange, caller, route);

      Optional<Fault> fault = faults.next(operation);
      if (fault.isPresent()) {
        sleep(fault.get().latencyMillis());
        if (fault.get().answersWithError() && !fault.get().afterEffect()) {
          answerWithFault(response, fault.get(), operation);
          return;
        }
      }
      admit(response, route.group(1), caller, operation);

      Result result = perform(operation, route, exchange, caller);

      if (fault.isPresent() && fault.get().answersWithError()) {
        answerWithFault(response, fault.get(), operation);
        return;
      }
      response.send(result.status(), result.body());
    } catch (ArmException failure) {
      if (failure.retryAfterSeconds() > 0) {
        response.headers.put("Retry-After", String.valueOf(failure.retryAfterSeconds()));
      }
      response.send(failure.status(), WireFormat.error(failure));
    } catch (RuntimeException failure) {
      LOG.error("unexpected failure serving {}", exchange.getRequestURI(), failure);
      response.send(
          500,
          WireFormat.error(
              new ArmException(500, "InternalServerError", "Internal server error has occurred.")));
    } finally {
      calls.computeIfAbsent(operation + " " + response.status, k -> new LongAdder()).increment();
      LOG.debug(
          "{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), response.status);
    }
  }

  private static String operationOf(String method, Matcher route) {
    boolean named = route.group(4) != null;
    if (route.group(5) != null) {
      if (!route.group(5).equalsIgnoreCase("initiate") || !method.equals("POST")) {
        throw new ArmException(
            400,
            "InvalidRequestUri",
            "The jitNetworkAccessPolicyInitiateType must be 'initiate' and used with POST.");
      }
      requireNamedScope(route);
      return "initiate";
    }
    if (!named) {
      if (!method.equals("GET")) {
        throw methodNotAllowed(method);
      }
      return "list";
    }
    requireNamedScope(route);
    return switch (method) {
      case "GET" -> "get";
      case "PUT" -> "put";
      case "DELETE" -> "delete";
      default -> throw methodNotAllowed(method);
    };
  }

  private static void requireNamedScope(Matcher route) {
    if (route.group(2) == null || route.group(3) == null) {
      throw new ArmException(
          404, "NotFound", "A policy is addressed by resource group and location.");
    }
  }

  private static ArmException methodNotAllowed(String method) {
    return new ArmException(
        405, "MethodNotAllowed", "The HTTP method '" + method + "' is not supported here.");
  }

  private void checkRequest(HttpExchange exchange, Caller caller, Matcher route) {
    if (options.requireAuth() && !caller.authenticated()) {
      exchange
          .getResponseHeaders()
          .add(
              "WWW-Authenticate",
              "Bearer authorization_uri=\"https://login.microsoftonline.com/common\","
                  + " error=\"invalid_token\","
                  + " error_description=\"The authentication failed because of missing"
                  + " 'Authorization' header.\"");
      throw new ArmException(
          401,
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.");
    }
    String apiVersion = query(exchange).get("api-version");
    if (apiVersion == null) {
      throw new ArmException(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!apiVersion.equals(API_VERSION)) {
      throw new ArmException(
          400,
          "InvalidApiVersionParameter",
          "The api-version '"
              + apiVersion
              + "' is invalid. The supported versions are '"
              + API_VERSION
              + "'.");
    }
    if (!SUBSCRIPTION.matcher(route.group(1)).matches()) {
      throw new ArmException(
          400,
          "InvalidSubscriptionId",
          "The provided subscription identifier '" + route.group(1) + "' is malformed or invalid.");
    }
    if (route.group(2) != null && !RESOURCE_GROUP.matcher(route.group(2)).matches()) {
      throw new ArmException(
          400,
          "InvalidResourceGroup",
          "The provided resource group name '"
              + route.group(2)
              + "' has these invalid characters.");
    }
  }

  private void admit(Response response, String subscription, Caller caller, String operation) {
    Throttling.Kind kind =
        switch (operation) {
          case "put", "initiate" -> Throttling.Kind.WRITES;
          case "delete" -> Throttling.Kind.DELETES;
          default -> Throttling.Kind.READS;
        };
    var admission = throttling.admit(subscription, caller.principal(), kind);
    if (!admission.admitted()) {
      throw ArmException.throttled(
          "Number of '"
              + kind.name().toLowerCase()
              + "' requests for subscription '"
              + subscription
              + "' actor '"
              + caller.principal()
              + "' exceeded. Please try again after '"
              + admission.retryAfterSeconds()
              + "' seconds after additional tokens are available.",
          admission.retryAfterSeconds());
    }
    String header =
        operation.equals("list")
            ? "x-ms-ratelimit-remaining-subscription-resource-requests"
            : kind.header();
    response.headers.put(header, String.valueOf(admission.remaining()));
  }

  private Result perform(String operation, Matcher route, HttpExchange exchange, Caller caller)
      throws IOException {
    String subscription = route.group(1);
    String group = route.group(2);
    String location = route.group(3);
    String name = route.group(4);
    PolicyKey key = name == null ? null : PolicyKey.of(subscription, group, location, name);
    return switch (operation) {
      case "list" ->
          new Result(200, page(exchange, service.list(scope(subscription, group, location))));
      case "get" -> new Result(200, service.get(key));
      case "put" ->
          new Result(200, service.put(subscription, group, location, name, body(exchange)));
      case "delete" -> new Result(service.delete(key) ? 200 : 204, null);
      case "initiate" ->
          new Result(
              202, service.initiate(key, body(exchange), caller.requestor(), caller.address()));
      default -> throw new IllegalStateException(operation);
    };
  }

  private static Predicate<PolicyKey> scope(String subscription, String group, String location) {
    PolicyKey wanted =
        PolicyKey.of(
            subscription, group == null ? "" : group, location == null ? "" : location, "");
    return key ->
        key.subscriptionId().equals(wanted.subscriptionId())
            && (group == null || key.resourceGroup().equals(wanted.resourceGroup()))
            && (location == null || key.location().equals(wanted.location()));
  }

  private ObjectNode page(HttpExchange exchange, List<ObjectNode> policies) {
    ObjectNode list = WireFormat.JSON.createObjectNode();
    ArrayNode value = list.putArray("value");
    int from = 0;
    String token = query(exchange).get("$skiptoken");
    if (token != null) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        throw ArmException.badRequest("The $skiptoken '" + token + "' is not valid.");
      }
    }
    int to =
        options.pageSize() > 0
            ? Math.min(policies.size(), from + options.pageSize())
            : policies.size();
    for (int i = from; i < to; i++) {
      value.add(policies.get(i));
    }
    if (to < policies.size()) {
      list.put(
          "nextLink",
          baseUrl
              + exchange.getRequestURI().getRawPath()
              + "?api-version="
              + API_VERSION
              + "&$skiptoken="
              + to);
    }
    return list;
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        throw ArmException.invalidContent("The request content is required.", null);
      }
      JsonNode node = WireFormat.JSON.readTree(bytes);
      if (!node.isObject()) {
        throw ArmException.invalidContent("The request content must be a JSON object.", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ArmException.invalidContent(
          "The request content was invalid and could not be deserialized: "
              + e.getOriginalMessage(),
          null);
    }
  }

  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      query.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  private void answerWithFault(Response response, Fault fault, String operation) {
    if (fault.dropConnection()) {
      LOG.info("dropping the connection of a {} call (injected fault)", operation);
      response.drop();
      return;
    }
    if (fault.retryAfterSeconds() > 0) {
      response.headers.put("Retry-After", String.valueOf(fault.retryAfterSeconds()));
    }
    String message = fault.message() != null ? fault.message() : "Injected fault.";
    response.send(
        fault.status(),
        WireFormat.error(new ArmException(fault.status(), fault.effectiveCode(), message)));
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Result(int status, JsonNode body) {}

  /** Writes one answer with the headers every ARM response carries. */
  private static final class Response {
    final HttpExchange exchange;
    final Map<String, String> headers = new HashMap<>();
    int status;

    Response(HttpExchange exchange) {
      this.exchange = exchange;
    }

    void send(int status, JsonNode body) {
      this.status = status;
      var out = exchange.getResponseHeaders();
      String requestId = UUID.randomUUID().toString();
      String clientRequestId = exchange.getRequestHeaders().getFirst("x-ms-client-request-id");
      String correlation = exchange.getRequestHeaders().getFirst("x-ms-correlation-request-id");
      out.set("Cache-Control", "no-cache");
      out.set("Pragma", "no-cache");
      out.set("Expires", "-1");
      out.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      out.set("X-Content-Type-Options", "nosniff");
      out.set("x-ms-request-id", requestId);
      out.set("x-ms-correlation-request-id", correlation != null ? correlation : requestId);
      out.set("x-ms-routing-request-id", "LOCAL:" + requestId);
      if (clientRequestId != null) {
        out.set("x-ms-client-request-id", clientRequestId);
      }
      headers.forEach(out::set);
      try {
        if (body == null) {
          exchange.sendResponseHeaders(status, -1);
        } else {
          byte[] bytes = WireFormat.JSON.writeValueAsBytes(body);
          out.set("Content-Type", "application/json; charset=utf-8");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
        }
      } catch (IOException e) {
        LOG.debug("the client went away before the answer was written", e);
      } finally {
        exchange.close();
      }
    }

    /** Closes the connection without an answer: the JDK server does so when no headers went out. */
    void drop() {
      status = -1;
      exchange.close();
    }
  }
}
