package io.azurejit.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CommittedCrdsTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path REPO = Path.of(System.getProperty("repo.root", ".."));

  @Test
  void committedCrdsMatchTheOnesGeneratedFromTheApiTypes() throws IOException {
    assertCommittedIn(REPO.resolve("crds"));
  }

  @Test
  void theDeployBaseCarriesTheSameCrds() throws IOException {
    assertCommittedIn(REPO.resolve("deploy/base/crds"));
  }

  private static void assertCommittedIn(Path directory) throws IOException {
    try (Stream<Path> generated = Files.list(GENERATED)) {
      for (Path crd : generated.toList()) {
        Path committed = directory.resolve(crd.getFileName());

        assertThat(committed)
            .as(
                "%s/%s is stale; run ./mvnw -Pupdate-crds -pl operator process-classes",
                REPO.relativize(directory), crd.getFileName())
            .exists()
            .hasSameTextualContentAs(crd);
      }
    }
  }
}
