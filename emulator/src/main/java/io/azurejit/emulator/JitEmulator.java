package io.azurejit.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running emulator of the Azure JIT ARM API over HTTPS on 127.0.0.1. Tests embed it with port 0;
 * {@link EmulatorMain} runs it standalone.
 */
public final class JitEmulator implements AutoCloseable {

  private final EmulatorClock clock = new EmulatorClock();
  private final Faults faults = new Faults();
  private final JitService service;
  private final ArmEndpoint arm;
  private final List<VirtualMachine> seed;
  private final TlsMaterial tls;
  private final HttpsServer server;
  private final ExecutorService executor;

  private JitEmulator(
      EmulatorOptions options, TlsMaterial tls, int port, List<VirtualMachine> seed) {
    this.tls = tls;
    this.seed = List.copyOf(seed);
    this.service = new JitService(options, clock);
    this.arm = new ArmEndpoint(service, options, faults);
    seed.forEach(service::registerVirtualMachine);
    try {
      server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
    server.createContext("/", arm);
    server.createContext(AdminEndpoint.PREFIX + "/", new AdminEndpoint(this));
    executor = Executors.newFixedThreadPool(32);
    server.setExecutor(executor);
    server.start();
    arm.baseUrl(baseUrl());
  }

  /** Starts an emulator with a freshly generated certificate. */
  public static JitEmulator start(EmulatorOptions options, int port, List<VirtualMachine> seed) {
    return new JitEmulator(options, TlsMaterial.generate(), port, seed);
  }

  /** Starts an emulator with the given TLS identity. */
  public static JitEmulator start(
      EmulatorOptions options, TlsMaterial tls, int port, List<VirtualMachine> seed) {
    return new JitEmulator(options, tls, port, seed);
  }

  /** The ARM endpoint to give clients, such as {@code https://127.0.0.1:8443}. */
  public String baseUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** PEM of the CA that signed the serving certificate, for clients to trust. */
  public String caCertificatePem() {
    return tls.caCertificatePem();
  }

  public TlsMaterial tls() {
    return tls;
  }

  public EmulatorClock clock() {
    return clock;
  }

  public Faults faults() {
    return faults;
  }

  public JitService service() {
    return service;
  }

  /** ARM calls answered so far, keyed by operation and status, such as {@code "put 200"}. */
  public Map<String, Long> calls() {
    return arm.calls();
  }

  /** Back to the state right after start: seeded VMs only, no faults, clock and counters reset. */
  public void reset() {
    service.reset();
    seed.forEach(service::registerVirtualMachine);
    faults.clear();
    clock.reset();
    arm.reset();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
