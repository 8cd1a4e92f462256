package io.azurejit.emulator;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address or CIDR block as JIT accepts them in source prefixes, with the containment test the
 * initiate subset check needs. {@code *} is the range of every address.
 */
record AddressRange(BigInteger first, BigInteger last, boolean ipv6, boolean any) {

  private static final Pattern IPV4 =
      Pattern.compile(
          "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

  static final AddressRange ANY = new AddressRange(BigInteger.ZERO, BigInteger.ZERO, false, true);

  /** Parses an address, a CIDR block or {@code *}; empty when the text is none of them. */
  static Optional<AddressRange> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.equals("*")) {
      return Optional.of(ANY);
    }
    String address = text;
    Integer prefixLength = null;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      address = text.substring(0, slash);
      String length = text.substring(slash + 1);
      if (!length.matches("\\d{1,3}")) {
        return Optional.empty();
      }
      prefixLength = Integer.parseInt(length);
    }
    boolean v4 = IPV4.matcher(address).matches();
    if (!v4 && !IPV6.matcher(address).matches()) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    int bits = bytes.length * 8;
    int length = prefixLength == null ? bits : prefixLength;
    if (length > bits) {
      return Optional.empty();
    }
    BigInteger value = new BigInteger(1, bytes);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
    BigInteger first = value.andNot(hostMask);
    return Optional.of(new AddressRange(first, first.or(hostMask), bytes.length == 16, false));
  }

  /** Whether every address of {@code other} lies inside this range. */
  boolean contains(AddressRange other) {
    if (any) {
      return true;
    }
    if (other.any || other.ipv6 != ipv6) {
      return false;
    }
    return first.compareTo(other.first) <= 0 && last.compareTo(other.last) >= 0;
  }
}
