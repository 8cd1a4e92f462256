package io.azurejit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.testing.JitPolicies;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactItemStoreTest {

  @Test
  void cachedResourcesLoseManagedFieldsAndTheLastAppliedCopyButKeepEverythingElse() {
    JitPolicy policy = JitPolicies.sshPolicy("team-a", "web-ssh", "vm-web-1");
    policy
        .getMetadata()
        .setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").build()));
    policy
        .getMetadata()
        .setAnnotations(
            new HashMap<>(
                Map.of(CompactItemStore.LAST_APPLIED, "{\"spec\":{}}", "team", "payments")));
    var store = new CompactItemStore<JitPolicy>();

    store.put(store.getKey(policy), policy);

    JitPolicy cached = store.get("team-a/web-ssh");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations())
        .containsExactly(Map.entry("team", "payments"));
    assertThat(cached.getSpec().getVirtualMachines()).hasSize(1);
  }
}
