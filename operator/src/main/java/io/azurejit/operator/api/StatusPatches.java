package io.azurejit.operator.api;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.function.Supplier;

/** Builds what a status patch sends: the resource's name and namespace and its new status only. */
public final class StatusPatches {

  private StatusPatches() {}

  /**
   * A fresh resource from {@code empty} that carries {@code resource}'s identity and {@code
   * status}.
   */
  public static <S, R extends CustomResource<?, S>> R carrying(
      R resource, S status, Supplier<R> empty) {
    R fresh = empty.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
