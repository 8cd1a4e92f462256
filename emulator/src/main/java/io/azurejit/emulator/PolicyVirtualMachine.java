package io.azurejit.emulator;

import java.util.List;
import java.util.Optional;

/** A virtual machine entry of a JIT policy. */
record PolicyVirtualMachine(String id, List<PortRule> ports, String publicIpAddress) {

  Optional<PortRule> port(int number) {
    return ports.stream().filter(p -> p.number() == number).findFirst();
  }
}
