package io.azurejit.e2e;

import io.azurejit.operator.azure.ArmConnection;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.Credentials;
import io.azurejit.operator.azure.InitiateOutcome;
import io.azurejit.operator.azure.InitiateRequest;
import io.azurejit.operator.azure.PortStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The approach the operator replaces, for the benchmark's baseline: one short-lived process per
 * pipeline step that authenticates, calls initiate directly, and polls until Azure reports the port
 * open, as a {@code Start-AzJitNetworkAccessPolicy} task would. It prints the milliseconds from its
 * own start to the port being open and those spent on Azure calls alone.
 *
 * <p>Arguments: endpoint, CA file, policy resource id, VM id, port, source, poll millis.
 */
public final class DirectInitiate {

  private DirectInitiate() {}

  public static void main(String[] args) throws InterruptedException {
    long processStart =
        ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElseThrow();
    var client =
        new ArmConnection(
                URI.create(args[0]),
                Credentials.fixedToken(Tokens.named("pipeline-step")),
                Path.of(args[1]),
                Duration.ofSeconds(30),
                3,
                Duration.ofMillis(800),
                "direct-initiate")
            .client(new SimpleMeterRegistry());
    var key = AzurePolicyKey.parse(args[2]);
    int port = Integer.parseInt(args[4]);
    long poll = Long.parseLong(args[6]);
    String marker = "[direct/" + UUID.randomUUID() + "]";

    long azureStart = System.currentTimeMillis();
    var outcome =
        client.initiate(
            key,
            new InitiateRequest(
                List.of(
                    new InitiateRequest.VirtualMachine(
                        args[3],
                        List.of(
                            new InitiateRequest.Port(
                                port,
                                args[5],
                                OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(30))))),
                "pipeline step " + marker));
    if (!(outcome instanceof InitiateOutcome.Opened)) {
      System.err.println("initiate failed: " + outcome);
      System.exit(1);
    }
    while (true) {
      var open =
          client
              .get(key)
              .flatMap(p -> p.requestMarked(marker))
              .map(r -> r.ports().stream().allMatch(x -> PortStatus.INITIATED.equals(x.status())))
              .orElse(false);
      if (open) {
        break;
      }
      Thread.sleep(poll);
    }
    long end = System.currentTimeMillis();
    System.out.println("total-ms " + (end - processStart) + " azure-ms " + (end - azureStart));
    System.exit(0);
  }
}
