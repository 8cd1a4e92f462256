package io.azurejit.operator.azure;

import java.util.List;
import java.util.Optional;

/**
 * The eight Azure JIT operations of {@code Microsoft.Security/locations/jitNetworkAccessPolicies}
 * (api-version 2020-01-01). Reconcilers reach Azure only through this interface. Every method
 * except {@link #initiate} throws {@link AzureJitException} when Azure refuses or cannot answer.
 */
public interface AzureJit {

  /** Every JIT policy of a subscription, across regions. */
  List<JitPolicyDocument> list(String subscriptionId);

  /** The JIT policies of a subscription in one region, across resource groups. */
  List<JitPolicyDocument> listByRegion(String subscriptionId, String location);

  /** The JIT policies of a resource group, across regions. */
  List<JitPolicyDocument> listByResourceGroup(String subscriptionId, String resourceGroup);

  /** The JIT policies of a resource group in one region. */
  List<JitPolicyDocument> listByResourceGroupAndRegion(
      String subscriptionId, String resourceGroup, String location);

  /** The policy, or empty when Azure has none by that name. */
  Optional<JitPolicyDocument> get(AzurePolicyKey key);

  /** Replaces the whole policy document with these virtual machines; no request history is sent. */
  JitPolicyDocument put(AzurePolicyKey key, List<PolicyVirtualMachine> virtualMachines);

  /** Deletes the policy; false when it did not exist. */
  boolean delete(AzurePolicyKey key);

  /** Asks Azure to open ports. Never retried blindly; see {@link InitiateOutcome}. */
  InitiateOutcome initiate(AzurePolicyKey key, InitiateRequest request);
}
