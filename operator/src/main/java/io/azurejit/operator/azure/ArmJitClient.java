package io.azurejit.operator.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AzureJit} over ARM with azure-core's {@link HttpPipeline}. Reads, PUT and delete go
 * through a pipeline that retries throttling and server errors; {@code initiate} goes through one
 * that retries only throttling, since a 5xx or a lost answer may hide a request that did open.
 */
public final class ArmJitClient implements AzureJit {

  static final String API_VERSION = "2020-01-01";
  static final String OPERATION_KEY = "azurejit.operation";

  private static final String PROVIDER = "/providers/Microsoft.Security";
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final URI endpoint;
  private final HttpPipeline pipeline;
  private final HttpPipeline initiatePipeline;

  /**
   * @param endpoint the ARM endpoint, such as {@code https://management.azure.com}
   * @param pipeline pipeline for reads, PUT and delete
   * @param initiatePipeline pipeline for initiate, which must not retry ambiguous failures
   */
  public ArmJitClient(URI endpoint, HttpPipeline pipeline, HttpPipeline initiatePipeline) {
    this.endpoint = endpoint;
    this.pipeline = pipeline;
    this.initiatePipeline = initiatePipeline;
  }

  @Override
  public List<JitPolicyDocument> list(String subscriptionId) {
    return listAll(scope(subscriptionId, null, null));
  }

  @Override
  public List<JitPolicyDocument> listByRegion(String subscriptionId, String location) {
    return listAll(scope(subscriptionId, null, location));
  }

  @Override
  public List<JitPolicyDocument> listByResourceGroup(String subscriptionId, String resourceGroup) {
    return listAll(scope(subscriptionId, resourceGroup, null));
  }

  @Override
  public List<JitPolicyDocument> listByResourceGroupAndRegion(
      String subscriptionId, String resourceGroup, String location) {
    return listAll(scope(subscriptionId, resourceGroup, location));
  }

  /** The path of the policies in a subscription, optionally narrowed to a group and a region. */
  private static String scope(String subscriptionId, String resourceGroup, String location) {
    return "/subscriptions/"
        + subscriptionId
        + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup)
        + PROVIDER
        + (location == null ? "" : "/locations/" + location)
        + "/jitNetworkAccessPolicies";
  }

  @Override
  public Optional<JitPolicyDocument> get(AzurePolicyKey key) {
    Answer answer = send(pipeline, "get", HttpMethod.GET, url(key.resourceId()), null, 200, 404);
    return answer.status() == 404
        ? Optional.empty()
        : Optional.of(answer.read(JitPolicyDocument.class));
  }

  @Override
  public JitPolicyDocument put(AzurePolicyKey key, List<PolicyVirtualMachine> virtualMachines) {
    byte[] body = write(JitPolicyDocument.of(virtualMachines));
    return send(pipeline, "put", HttpMethod.PUT, url(key.resourceId()), body, 200)
        .read(JitPolicyDocument.class);
  }

  @Override
  public boolean delete(AzurePolicyKey key) {
    return send(pipeline, "delete", HttpMethod.DELETE, url(key.resourceId()), null, 200, 204)
            .status()
        == 200;
  }

  @Override
  public InitiateOutcome initiate(AzurePolicyKey key, InitiateRequest request) {
    String url = url(key.resourceId() + "/initiate");
    try {
      Answer answer = send(initiatePipeline, "initiate", HttpMethod.POST, url, write(request), 202);
      return new InitiateOutcome.Opened(answer.read(AccessRequestRecord.class));
    } catch (AzureJitException e) {
      boolean ambiguous = e.statusCode() == 0 || e.statusCode() >= 500;
      return ambiguous ? new InitiateOutcome.Unknown(e) : new InitiateOutcome.Refused(e);
    }
  }

  private List<JitPolicyDocument> listAll(String path) {
    List<JitPolicyDocument> policies = new ArrayList<>();
    String next = url(path);
    while (next != null) {
      Page page =
          send(pipeline, "list", HttpMethod.GET, checkedNextLink(next), null, 200).read(Page.class);
      if (page.value() != null) {
        policies.addAll(page.value());
      }
      next = page.nextLink();
    }
    return policies;
  }

  /** A nextLink is followed only on the configured endpoint, so the token goes nowhere else. */
  private String checkedNextLink(String link) {
    URI uri = URI.create(link);
    if (!endpoint.getScheme().equalsIgnoreCase(uri.getScheme())
        || !endpoint.getAuthority().equalsIgnoreCase(uri.getAuthority())) {
      throw new AzureJitException(
          0, null, "Azure returned a nextLink outside the ARM endpoint: " + link, null);
    }
    return link;
  }

  private String url(String path) {
    return endpoint.resolve(path) + "?api-version=" + API_VERSION;
  }

  private Answer send(
      HttpPipeline through,
      String operation,
      HttpMethod method,
      String url,
      byte[] body,
      Integer... expected) {
    var request = new HttpRequest(method, url);
    request.setHeader(HttpHeaderName.ACCEPT, "application/json");
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(body);
    }
    try (HttpResponse response = through.sendSync(request, new Context(OPERATION_KEY, operation))) {
      int status = response.getStatusCode();
      byte[] bytes = response.getBodyAsBinaryData().toBytes();
      if (!Set.of(expected).contains(status)) {
        throw refusal(status, bytes);
      }
      return new Answer(status, bytes);
    } catch (AzureJitException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AzureJitException(
          0, null, operation + " got no answer from Azure: " + rootMessage(e), e);
    }
  }

  private static AzureJitException refusal(int status, byte[] body) {
    ManagementError error = null;
    if (body.length > 0) {
      try (var reader = JsonProviders.createReader(body)) {
        error = ManagementError.fromJson(reader);
      } catch (IOException | RuntimeException e) {
        error = null;
      }
    }
    if (error == null || error.getMessage() == null) {
      return new AzureJitException(status, null, "Azure answered HTTP " + status + ".", null);
    }
    return new AzureJitException(status, error.getCode(), error.getMessage(), null);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : " " + root.getMessage());
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value, e);
    }
  }

  private record Answer(int status, byte[] body) {
    <T> T read(Class<T> type) {
      try {
        return JSON.readValue(body, type);
      } catch (IOException e) {
        throw new AzureJitException(
            status, null, "Azure's answer could not be read: " + e.getMessage(), e);
      }
    }
  }

  private record Page(List<JitPolicyDocument> value, String nextLink) {}
}
