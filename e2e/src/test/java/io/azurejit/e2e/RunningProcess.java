package io.azurejit.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A long-running process of the stack, with its output in a log file. */
final class RunningProcess {

  private final String name;
  private final Process process;
  private final Path log;

  private RunningProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static RunningProcess start(
      String name, Path dir, Map<String, String> environment, List<String> command) {
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve(name + ".log");
      var builder = new ProcessBuilder(command).directory(Shell.REPO.toFile());
      builder.environment().putAll(environment);
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return new RunningProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String tail(int lines) {
    String[] all = output().split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }

  void awaitOutput(String text, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (output().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited before printing '" + text + "':\n" + tail(80));
      }
      sleep(100);
    }
    throw new AssertionError(
        name + " did not print '" + text + "' in " + timeout + ":\n" + tail(80));
  }

  /** Kills the process at once, as a node failure or OOM kill would: no shutdown hooks run. */
  void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** Stops the process as Kubernetes would, with SIGTERM. */
  void stop() {
    process.destroy();
    waitFor();
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
