package io.azurejit.operator.testing;

import io.azurejit.operator.api.AzurePolicyTarget;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.api.JitPolicySpec;
import io.azurejit.operator.api.PortRule;
import io.azurejit.operator.api.VirtualMachineRule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Builds valid JitPolicies for tests; each test changes only what it is about. */
public final class JitPolicies {

  public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
  public static final String RESOURCE_GROUP = "rg-apps";
  public static final String LOCATION = "westeurope";

  private JitPolicies() {}

  /** A policy that lets SSH on {@code vm} be opened from 10.0.0.0/24 for up to three hours. */
  public static JitPolicy sshPolicy(String namespace, String name, String vm) {
    var policy = new JitPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var azure = new AzurePolicyTarget();
    azure.setSubscriptionId(SUBSCRIPTION);
    azure.setResourceGroup(RESOURCE_GROUP);
    azure.setLocation(LOCATION);
    var spec = new JitPolicySpec();
    spec.setAzure(azure);
    spec.setVirtualMachines(new ArrayList<>(List.of(vmRule(vm, port(22, "10.0.0.0/24")))));
    policy.setSpec(spec);
    return policy;
  }

  public static VirtualMachineRule vmRule(String vm, PortRule... ports) {
    var rule = new VirtualMachineRule();
    rule.setName(vm);
    rule.setPorts(new ArrayList<>(List.of(ports)));
    return rule;
  }

  public static PortRule port(int number, String... allowedSources) {
    var port = new PortRule();
    port.setNumber(number);
    port.setProtocol("TCP");
    port.setAllowedSourceAddressPrefixes(new ArrayList<>(List.of(allowedSources)));
    port.setMaxRequestAccessDuration("PT3H");
    return port;
  }
}
