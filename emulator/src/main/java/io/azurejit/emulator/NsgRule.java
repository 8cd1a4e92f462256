package io.azurejit.emulator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A simulated network security group rule written by JIT: a deny rule per virtual machine when a
 * policy covers it, and an allow rule per opened port while a request is active.
 */
public record NsgRule(
    String networkSecurityGroup,
    String name,
    int priority,
    String access,
    String direction,
    String protocol,
    String sourceAddressPrefix,
    String destinationAddressPrefix,
    List<Integer> destinationPorts,
    String description,
    String virtualMachineId) {

  @JsonIgnore
  public boolean isAllow() {
    return "Allow".equals(access);
  }
}
