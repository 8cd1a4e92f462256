package io.azurejit.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sets conditions as the Kubernetes API conventions describe them: one per type, with reason,
 * message and observedGeneration, and a lastTransitionTime that moves only when the status does.
 */
public final class Conditions {

  private Conditions() {}

  /** Returns {@code conditions} with {@code type} set; the input list is not changed. */
  public static List<Condition> with(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    List<Condition> result = new ArrayList<>(conditions == null ? List.of() : conditions);
    String statusText = status ? "True" : "False";
    Optional<Condition> existing = find(result, type);
    String since =
        existing
            .filter(c -> statusText.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(statusText)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build();
    existing.ifPresentOrElse(
        c -> result.set(result.indexOf(c), updated), () -> result.add(updated));
    return result;
  }

  /** The condition of {@code type}, if set. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition of {@code type} is set and True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
