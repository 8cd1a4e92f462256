package io.azurejit.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the commands a user would type, from the repository root, and returns what they printed. */
final class Shell {

  /** The repository root, where the user's commands run. */
  static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath();

  private Shell() {}

  /** What a finished command printed (stdout and stderr together) and returned. */
  record Result(int exitCode, String output) {

    Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("command failed with exit code " + exitCode + ":\n" + output);
      }
      return this;
    }

    String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  static Result run(Map<String, String> environment, Duration timeout, String... command) {
    var builder = new ProcessBuilder(List.of(command)).directory(REPO.toFile());
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    try {
      Path log = Files.createTempFile("e2e-command", ".log");
      builder.redirectOutput(log.toFile());
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "timed out after "
                + timeout
                + ": "
                + String.join(" ", command)
                + "\n"
                + Files.readString(log));
      }
      String output = Files.readString(log);
      Files.delete(log);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    }
  }
}
