package io.azurejit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Plain HTTPS calls to an emulator, trusting only its CA, as any ARM client would make them. */
final class ArmCalls {

  static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
  static final String GROUP = "rg-apps";
  static final String LOCATION = "westeurope";
  static final String API = "?api-version=2020-01-01";
  static final ObjectMapper JSON = new ObjectMapper();

  private final JitEmulator emulator;
  private final HttpClient http;

  ArmCalls(JitEmulator emulator) {
    this.emulator = emulator;
    this.http = HttpClient.newBuilder().sslContext(trusting(emulator.caCertificatePem())).build();
  }

  /** A status, headers and parsed body of one answer. */
  record Answer(int status, HttpHeaders headers, JsonNode body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String errorCode() {
      return body.path("error").path("code").asText();
    }

    String errorMessage() {
      return body.path("error").path("message").asText();
    }
  }

  static String vmId(String name) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/"
        + GROUP
        + "/providers/Microsoft.Compute/virtualMachines/"
        + name;
  }

  static VirtualMachine vm(String name, String ip) {
    return new VirtualMachine(vmId(name), ip, "nsg-" + name);
  }

  static String policyPath(String name) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/"
        + GROUP
        + "/providers/Microsoft.Security/locations/"
        + LOCATION
        + "/jitNetworkAccessPolicies/"
        + name;
  }

  /** A policy body opening {@code port} on each VM from {@code source} for up to three hours. */
  static String policyBody(int port, String source, String... vmNames) {
    StringBuilder vms = new StringBuilder();
    for (String vm : vmNames) {
      if (vms.length() > 0) {
        vms.append(',');
      }
      vms.append(
          """
          {"id":"%s","ports":[{"number":%d,"protocol":"TCP","allowedSourceAddressPrefix":"%s",\
          "maxRequestAccessDuration":"PT3H"}]}"""
              .formatted(vmId(vm), port, source));
    }
    return "{\"kind\":\"Basic\",\"properties\":{\"virtualMachines\":[" + vms + "]}}";
  }

  /** A policy body opening SSH and RDP from anywhere on one VM given by full id. */
  static String policyBodyFor(String vmId) {
    return """
        {"kind":"Basic","properties":{"virtualMachines":[{"id":"%s","ports":[\
        {"number":22,"protocol":"*","allowedSourceAddressPrefix":"*","maxRequestAccessDuration":"PT3H"},\
        {"number":3389,"protocol":"*","allowedSourceAddressPrefix":"*","maxRequestAccessDuration":"PT3H"}\
        ]}]}}"""
        .formatted(vmId);
  }

  static String initiateBody(String vm, int port, String source, Instant end) {
    return """
        {"virtualMachines":[{"id":"%s","ports":[{"number":%d,"endTimeUtc":"%s"%s}]}],\
        "justification":"deploy"}"""
        .formatted(
            vmId(vm),
            port,
            end.truncatedTo(ChronoUnit.SECONDS),
            source == null ? "" : ",\"allowedSourceAddressPrefix\":\"" + source + "\"");
  }

  Answer get(String path) {
    return send("GET", path, null, Map.of());
  }

  Answer put(String path, String body) {
    return send("PUT", path, body, Map.of());
  }

  Answer delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  Answer post(String path, String body) {
    return send("POST", path, body, Map.of());
  }

  Answer send(String method, String path, String body, Map<String, String> headers) {
    String url = path.startsWith("https://") ? path : emulator.baseUrl() + path;
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode parsed = text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
      return new Answer(response.statusCode(), response.headers(), parsed);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The allow rules the emulator's NSG model holds for a VM. */
  List<NsgRule> allowRules(String vm) {
    return emulator.service().networkRules().stream()
        .filter(r -> r.isAllow() && r.virtualMachineId().equalsIgnoreCase(vmId(vm)))
        .toList();
  }

  static SSLContext trusting(String caPem) {
    try {
      var certificate =
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8)));
      var trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("emulator", certificate);
      var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      var context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
