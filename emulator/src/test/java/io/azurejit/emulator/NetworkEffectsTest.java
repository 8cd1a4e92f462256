package io.azurejit.emulator;

import static io.azurejit.emulator.ArmCalls.API;
import static io.azurejit.emulator.ArmCalls.policyBody;
import static io.azurejit.emulator.ArmCalls.policyPath;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkEffectsTest {

  private JitEmulator emulator;
  private ArmCalls arm;

  @BeforeEach
  void start() {
    emulator =
        JitEmulator.start(
            EmulatorOptions.defaults(),
            0,
            List.of(ArmCalls.vm("vm1", "10.0.1.4"), ArmCalls.vm("vm2", "10.0.1.5")));
    arm = new ArmCalls(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void policyWritesOneDenyRulePerVirtualMachineCoveringItsPorts() {
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1", "vm2"));
    arm.put(policyPath("rdp") + API, policyBody(3389, "*", "vm1"));

    var denies = emulator.service().networkRules().stream().filter(r -> !r.isAllow()).toList();

    assertThat(denies).hasSize(2);
    assertThat(denies)
        .filteredOn(r -> r.destinationAddressPrefix().equals("10.0.1.4"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.destinationPorts()).containsExactly(22, 3389);
              assertThat(rule.name())
                  .matches("MicrosoftDefenderForCloud-JITRule_-?\\d+_[0-9A-F]{32}");
              assertThat(rule.sourceAddressPrefix()).isEqualTo("*");
              assertThat(rule.networkSecurityGroup()).isEqualTo("nsg-vm1");
            });
  }

  @Test
  void removingAVirtualMachineFromEveryPolicyRemovesItsDenyRule() {
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1", "vm2"));

    arm.put(policyPath("default") + API, policyBody(22, "*", "vm2"));
    assertThat(emulator.service().networkRules())
        .extracting(NsgRule::destinationAddressPrefix)
        .containsExactly("10.0.1.5");

    arm.delete(policyPath("default") + API);
    assertThat(emulator.service().networkRules()).isEmpty();
  }
}
