package io.azurejit.emulator;

import java.time.Duration;
import java.util.List;

/** A port of a virtual machine in a JIT policy, as the client sent it. */
record PortRule(
    int number,
    String protocol,
    String allowedSourceAddressPrefix,
    List<String> allowedSourceAddressPrefixes,
    String maxRequestAccessDuration) {

  Duration maxDuration() {
    return Duration.parse(maxRequestAccessDuration);
  }

  List<String> sources() {
    return allowedSourceAddressPrefix != null
        ? List.of(allowedSourceAddressPrefix)
        : allowedSourceAddressPrefixes;
  }
}
