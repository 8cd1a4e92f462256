package io.azurejit.emulator;

import io.azurejit.emulator.EmulatorOptions.NewerRequest;
import io.azurejit.emulator.EmulatorOptions.SourceMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/** Runs the emulator from the command line; {@code --help} lists the flags. */
public final class EmulatorMain {

  private static final String USAGE =
      """
      Usage: java -jar azure-jit-emulator.jar [flags]
        --port N                  port on 127.0.0.1 (default 8443; 0 picks a free one)
        --vms FILE                JSON {"virtualMachines":[{"id","privateIp","networkSecurityGroup"}]}
        --ca-out FILE             write the generated CA certificate (PEM) there
        --keystore FILE           serve this PKCS#12 keystore instead of a generated certificate
        --keystore-password PASS  its password (default empty)
        --require-auth            answer 401 unless a bearer token is sent
        --auto-register-vms       accept unknown VMs in policies and add them to the inventory
        --source-match MODE       containment (default) or exact
        --newer-request MODE      supersede (default) or reject
        --initiating-delay ISO    how long new requests report Initiating (default PT2S)
        --page-size N             list page size; 0 (default) returns one page
        --no-throttling           disable ARM token-bucket throttling
        --vm-in-one-policy-only   reject a VM that another policy already holds
        --sorted-history          return requests[] oldest first instead of unordered
      """;

  private EmulatorMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "emulator-logback.xml");
    var options = EmulatorOptions.defaults();
    int port = 8443;
    Path caOut = null;
    Path keystore = null;
    String keystorePassword = "";
    List<VirtualMachine> vms = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--vms" -> vms.addAll(readVirtualMachines(Path.of(args[++i])));
        case "--ca-out" -> caOut = Path.of(args[++i]);
        case "--keystore" -> keystore = Path.of(args[++i]);
        case "--keystore-password" -> keystorePassword = args[++i];
        case "--require-auth" -> options = options.withRequireAuth(true);
        case "--auto-register-vms" -> options = options.withAutoRegisterVirtualMachines(true);
        case "--source-match" ->
            options = options.withSourceMatch(SourceMatch.valueOf(upper(args[++i])));
        case "--newer-request" ->
            options = options.withNewerRequest(NewerRequest.valueOf(upper(args[++i])));
        case "--initiating-delay" ->
            options = options.withInitiatingDelay(Duration.parse(args[++i]));
        case "--page-size" -> options = options.withPageSize(Integer.parseInt(args[++i]));
        case "--no-throttling" -> options = options.withThrottling(null);
        case "--vm-in-one-policy-only" -> options = options.withVirtualMachineInOnePolicyOnly(true);
        case "--sorted-history" -> options = options.withShuffleHistory(false);
        case "--help", "-h" -> {
          System.out.print(USAGE);
          return;
        }
        default -> {
          System.err.println("unknown flag " + args[i]);
          System.err.print(USAGE);
          System.exit(2);
        }
      }
    }

    TlsMaterial tls =
        keystore != null
            ? TlsMaterial.fromKeyStore(keystore, keystorePassword.toCharArray())
            : TlsMaterial.generate();
    var emulator = JitEmulator.start(options, tls, port, vms);
    if (caOut != null) {
      tls.writeCaCertificate(caOut);
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                }));
    System.out.println("Azure JIT emulator serving " + emulator.baseUrl());
    stopped.await();
  }

  private static List<VirtualMachine> readVirtualMachines(Path file) throws IOException {
    return AdminEndpoint.readVirtualMachines(WireFormat.JSON.readTree(Files.readString(file)));
  }

  private static String upper(String value) {
    return value.toUpperCase(Locale.ROOT);
  }
}
