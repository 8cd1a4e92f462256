package io.azurejit.operator.access;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range written as an address or CIDR, or {@code *} for any source. A
 * request's source must lie inside one of its policy's allowed prefixes: containment, not string
 * equality, so {@code 10.0.0.7} fits {@code 10.0.0.0/24}.
 */
public final class SourcePrefix {

  private static final Pattern LITERAL = Pattern.compile("^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$");

  private final boolean any;
  private final BigInteger network;
  private final int bits;
  private final int length;

  private SourcePrefix(boolean any, BigInteger network, int bits, int length) {
    this.any = any;
    this.network = network;
    this.bits = bits;
    this.length = length;
  }

  /** Parses {@code 10.0.0.0/24}, {@code 10.0.0.7}, {@code 2001:db8::/32} or {@code *}. */
  public static Optional<SourcePrefix> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.equals("*")) {
      return Optional.of(new SourcePrefix(true, BigInteger.ZERO, 0, 0));
    }
    if (!LITERAL.matcher(text).matches()) {
      return Optional.empty();
    }
    String[] parts = text.split("/", 2);
    try {
      // The literal pattern above keeps InetAddress from resolving host names.
      byte[] address = InetAddress.getByName(parts[0]).getAddress();
      int bits = address.length * 8;
      int length = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      if (length > bits) {
        return Optional.empty();
      }
      BigInteger value = new BigInteger(1, address);
      return Optional.of(new SourcePrefix(false, mask(value, bits, length), bits, length));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether this prefix is {@code *}. */
  public boolean isAny() {
    return any;
  }

  /** Whether every address of {@code other} lies inside this prefix. */
  public boolean contains(SourcePrefix other) {
    if (any) {
      return true;
    }
    if (other.any || other.bits != bits || other.length < length) {
      return false;
    }
    return mask(other.network, bits, length).equals(network);
  }

  private static BigInteger mask(BigInteger value, int bits, int length) {
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger host = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
    return value.and(all.xor(host));
  }
}
