package io.azurejit.operator.runtime;

import io.azurejit.operator.access.AccessSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's configuration. Every setting is a flag {@code --name value} and an environment
 * variable {@code AZURE_JIT_NAME}; a flag wins over the environment, which wins over the default.
 *
 * @param namespaces namespaces to watch; empty watches all
 * @param armEndpoint ARM endpoint, https only
 * @param armCaFile extra CA (PEM) to trust for the ARM endpoint, or null
 * @param credential how to authenticate to ARM: {@code default}, {@code secret} or {@code token}
 * @param credentialSecret {@code namespace/name} of a Secret with tenantId, clientId, clientSecret
 * @param staticToken bearer token for {@code credential=token}, meant for the local emulator
 * @param driftPeriod how often each Azure policy is read again to correct drift
 * @param reconcileThreads how many resources are reconciled at once
 * @param leaderElection whether replicas elect one leader through a Lease
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease; the pod's own by default
 * @param httpPort port of {@code /metrics}, {@code /healthz} and {@code /readyz}; 0 picks one
 * @param logFormat {@code text} or {@code json}
 * @param logLevel level of the operator's own loggers
 * @param armTimeout response timeout of one ARM call
 * @param armRetries retries of ARM reads and writes on throttling and server errors
 * @param access timing of access requests
 */
public record OperatorSettings(
    Set<String> namespaces,
    URI armEndpoint,
    Path armCaFile,
    String credential,
    String credentialSecret,
    String staticToken,
    Duration driftPeriod,
    int reconcileThreads,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int httpPort,
    String logFormat,
    String logLevel,
    Duration armTimeout,
    int armRetries,
    AccessSettings access) {

  /** A setting: its flag name, its default and what it is for, as the README table lists it. */
  public record Option(String name, String fallback, String help) {
    String environmentVariable() {
      return "AZURE_JIT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  /** Every setting, in the order {@code --help} prints them. */
  public static final List<Option> OPTIONS =
      List.of(
          new Option("namespaces", "", "comma-separated namespaces to watch; empty watches all"),
          new Option("arm-endpoint", "https://management.azure.com", "ARM endpoint (https)"),
          new Option("arm-ca-file", "", "PEM file of an extra CA to trust for the ARM endpoint"),
          new Option("azure-credential", "default", "default, secret or token"),
          new Option(
              "azure-credential-secret",
              "",
              "namespace/name of a Secret with tenantId, clientId,"
                  + " clientSecret (for azure-credential=secret)"),
          new Option(
              "azure-token", "", "fixed bearer token (azure-credential=token, emulator only)"),
          new Option("drift-period", "PT10M", "how often Azure is read again to correct drift"),
          new Option("reconcile-threads", "20", "resources reconciled at once"),
          new Option("leader-election", "true", "elect one active replica through a Lease"),
          new Option("lease-name", "azure-jit-operator", "name of the leader-election Lease"),
          new Option("lease-namespace", "", "namespace of the Lease; the pod's own by default"),
          new Option("http-port", "8080", "port of /metrics, /healthz and /readyz"),
          new Option("log-format", "text", "text or json"),
          new Option("log-level", "INFO", "level of the operator's own log lines"),
          new Option("arm-timeout", "PT30S", "response timeout of one ARM call"),
          new Option("arm-retries", "3", "retries of ARM reads and writes on 429 and 5xx"),
          new Option("revoke-window", "PT1M", "how soon an early close asks Azure to close"),
          new Option("active-recheck", "PT5M", "how often Azure is read while a request is open"),
          new Option("initiating-recheck", "PT2S", "how soon Azure is read while a port opens"));

  /** Reads the settings from flags and environment. */
  public static OperatorSettings parse(List<String> args, Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Option option : OPTIONS) {
      values.put(
          option.name(), environment.getOrDefault(option.environmentVariable(), option.fallback()));
    }
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        unknown.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("flag --" + name + " needs a value");
      }
      if (!values.containsKey(name)) {
        unknown.add("--" + name);
      }
      values.put(name, value);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown arguments: " + String.join(" ", unknown));
    }
    return from(values);
  }

  private static OperatorSettings from(Map<String, String> v) {
    String credential = v.get("azure-credential");
    if (!Set.of("default", "secret", "token").contains(credential)) {
      throw new IllegalArgumentException(
          "--azure-credential must be default, secret or token, not " + credential);
    }
    String format = v.get("log-format");
    if (!Set.of("text", "json").contains(format)) {
      throw new IllegalArgumentException("--log-format must be text or json, not " + format);
    }
    return new OperatorSettings(
        v.get("namespaces").isBlank() ? Set.of() : Set.of(v.get("namespaces").split("\\s*,\\s*")),
        URI.create(v.get("arm-endpoint")),
        blankToNull(v.get("arm-ca-file"), Path::of),
        credential,
        blankToNull(v.get("azure-credential-secret"), Function.identity()),
        blankToNull(v.get("azure-token"), Function.identity()),
        duration(v, "drift-period"),
        Integer.parseInt(v.get("reconcile-threads")),
        Boolean.parseBoolean(v.get("leader-election")),
        v.get("lease-name"),
        blankToNull(v.get("lease-namespace"), Function.identity()),
        Integer.parseInt(v.get("http-port")),
        format,
        v.get("log-level").toUpperCase(Locale.ROOT),
        duration(v, "arm-timeout"),
        Integer.parseInt(v.get("arm-retries")),
        new AccessSettings(
            duration(v, "revoke-window"),
            duration(v, "active-recheck"),
            duration(v, "initiating-recheck")));
  }

  /** The {@code --help} text. */
  public static String usage() {
    StringBuilder text = new StringBuilder("Usage: java -jar azure-jit-operator.jar [flags]\n");
    for (Option option : OPTIONS) {
      text.append(
          String.format(
              "  --%-24s %s (env %s, default %s)%n",
              option.name(),
              option.help(),
              option.environmentVariable(),
              option.fallback().isEmpty() ? "none" : option.fallback()));
    }
    return text.toString();
  }

  private static Duration duration(Map<String, String> values, String name) {
    try {
      return Duration.parse(values.get(name));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be an ISO-8601 duration such as PT10M, not " + values.get(name));
    }
  }

  private static <T> T blankToNull(String value, Function<String, T> convert) {
    return value == null || value.isBlank() ? null : convert.apply(value);
  }
}
