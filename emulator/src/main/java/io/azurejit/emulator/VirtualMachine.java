package io.azurejit.emulator;

import java.util.Locale;

/**
 * A virtual machine the emulated subscription holds: its ARM id, private IP and the network
 * security group in front of it. A machine without an NSG is not supported by JIT.
 */
public record VirtualMachine(String id, String privateIp, String networkSecurityGroup) {

  /** ARM ids compare case-insensitively. */
  public String key() {
    return id.toLowerCase(Locale.ROOT);
  }

  public String name() {
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
