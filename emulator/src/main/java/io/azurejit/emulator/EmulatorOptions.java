package io.azurejit.emulator;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the emulator behaves where the real service is configurable or not known for certain. The
 * defaults mimic Azure as far as public evidence shows.
 *
 * @param requireAuth whether a bearer token must be present (any token is accepted)
 * @param sourceMatch how an initiate source is compared with the policy's allowed prefixes
 * @param newerRequest what an initiate does when the port already has an active request
 * @param initiatingDelay how long a new request's ports report {@code Initiating}
 * @param pageSize list page size; 0 returns every policy in one page without {@code nextLink}
 * @param throttling the ARM token buckets, or null for no throttling
 * @param autoRegisterVirtualMachines whether a policy may name unknown VMs, which are then added
 * @param virtualMachineInOnePolicyOnly whether a VM may belong to only one policy
 * @param shuffleHistory whether {@code requests[]} comes back in random order, as Azure's does not
 *     follow time
 */
public record EmulatorOptions(
    boolean requireAuth,
    SourceMatch sourceMatch,
    NewerRequest newerRequest,
    Duration initiatingDelay,
    int pageSize,
    ThrottleLimits throttling,
    boolean autoRegisterVirtualMachines,
    boolean virtualMachineInOnePolicyOnly,
    boolean shuffleHistory) {

  /** How an initiate's source prefix must relate to the policy's allowed prefixes. */
  public enum SourceMatch {
    /** The source must lie inside an allowed prefix; {@code *} allows anything. */
    CONTAINMENT,
    /**
     * The source must equal an allowed prefix, as a 2020 user report describes; {@code *} aside.
     */
    EXACT
  }

  /** What an initiate does to an earlier active request for the same VM and port. */
  public enum NewerRequest {
    /** The earlier request becomes Revoked with reason NewerRequestInitiated. */
    SUPERSEDE,
    /** The initiate fails with 409 while the earlier request is active. */
    REJECT
  }

  /** The defaults: Azure-like behaviour, ARM throttling limits, strict VM inventory. */
  public static EmulatorOptions defaults() {
    return new EmulatorOptions(
        false,
        SourceMatch.CONTAINMENT,
        NewerRequest.SUPERSEDE,
        Duration.ofSeconds(2),
        0,
        ThrottleLimits.ARM,
        false,
        false,
        true);
  }

  public EmulatorOptions withRequireAuth(boolean value) {
    return change(b -> b.requireAuth = value);
  }

  public EmulatorOptions withSourceMatch(SourceMatch value) {
    return change(b -> b.sourceMatch = value);
  }

  public EmulatorOptions withNewerRequest(NewerRequest value) {
    return change(b -> b.newerRequest = value);
  }

  public EmulatorOptions withInitiatingDelay(Duration value) {
    return change(b -> b.initiatingDelay = value);
  }

  public EmulatorOptions withPageSize(int value) {
    return change(b -> b.pageSize = value);
  }

  public EmulatorOptions withThrottling(ThrottleLimits value) {
    return change(b -> b.throttling = value);
  }

  public EmulatorOptions withAutoRegisterVirtualMachines(boolean value) {
    return change(b -> b.autoRegisterVirtualMachines = value);
  }

  public EmulatorOptions withVirtualMachineInOnePolicyOnly(boolean value) {
    return change(b -> b.virtualMachineInOnePolicyOnly = value);
  }

  public EmulatorOptions withShuffleHistory(boolean value) {
    return change(b -> b.shuffleHistory = value);
  }

  private EmulatorOptions change(Consumer<Builder> edit) {
    var b = new Builder();
    b.requireAuth = requireAuth;
    b.sourceMatch = sourceMatch;
    b.newerRequest = newerRequest;
    b.initiatingDelay = initiatingDelay;
    b.pageSize = pageSize;
    b.throttling = throttling;
    b.autoRegisterVirtualMachines = autoRegisterVirtualMachines;
    b.virtualMachineInOnePolicyOnly = virtualMachineInOnePolicyOnly;
    b.shuffleHistory = shuffleHistory;
    edit.accept(b);
    return b.build();
  }

  /** The mutable copy behind the {@code with...} methods. */
  private static final class Builder {
    boolean requireAuth;
    SourceMatch sourceMatch;
    NewerRequest newerRequest;
    Duration initiatingDelay;
    int pageSize;
    ThrottleLimits throttling;
    boolean autoRegisterVirtualMachines;
    boolean virtualMachineInOnePolicyOnly;
    boolean shuffleHistory;

    EmulatorOptions build() {
      return new EmulatorOptions(
          requireAuth,
          sourceMatch,
          newerRequest,
          initiatingDelay,
          pageSize,
          throttling,
          autoRegisterVirtualMachines,
          virtualMachineInOnePolicyOnly,
          shuffleHistory);
    }
  }
}
