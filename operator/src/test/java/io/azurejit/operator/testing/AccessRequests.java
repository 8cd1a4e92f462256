package io.azurejit.operator.testing;

import io.azurejit.operator.api.JitAccessRequest;
import io.azurejit.operator.api.JitAccessRequestSpec;
import io.azurejit.operator.api.PolicyReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Builds valid JitAccessRequests for tests; each test changes only what it is about. */
public final class AccessRequests {

  private AccessRequests() {}

  /** SSH on {@code vm} for 10.0.0.7 for ten minutes, through policy {@code policy}. */
  public static JitAccessRequest ssh(String namespace, String name, String policy, String vm) {
    var request = new JitAccessRequest();
    request.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new JitAccessRequestSpec();
    spec.setPolicyRef(new PolicyReference(policy, null));
    spec.setVirtualMachine(vm);
    spec.setPorts(new ArrayList<>(List.of(22)));
    spec.setSourceAddressPrefix("10.0.0.7");
    spec.setDuration("PT10M");
    spec.setJustification("deploy release 42");
    request.setSpec(spec);
    return request;
  }
}
