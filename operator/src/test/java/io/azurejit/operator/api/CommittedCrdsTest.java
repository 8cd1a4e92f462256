package io.azurejit.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CommittedCrdsTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of(System.getProperty("repo.root", ".."), "crds");

  @Test
  void committedCrdsMatchTheOnesGeneratedFromTheApiTypes() throws IOException {
    try (Stream<Path> generated = Files.list(GENERATED)) {
      for (Path crd : generated.toList()) {
        Path committed = COMMITTED.resolve(crd.getFileName());

        assertThat(committed)
            .as(
                "crds/%s is stale; run ./mvnw -Pupdate-crds -pl operator process-classes",
                crd.getFileName())
            .exists()
            .hasSameTextualContentAs(crd);
      }
    }
  }
}
