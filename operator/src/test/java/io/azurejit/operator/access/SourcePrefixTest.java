package io.azurejit.operator.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourcePrefixTest {

  @ParameterizedTest(name = "{1} inside {0}: {2}")
  @CsvSource({
    "10.20.0.0/24, 10.20.0.17, true",
    "10.20.0.0/24, 10.20.0.0/25, true",
    "10.20.0.0/24, 10.20.0.0/24, true",
    "10.20.0.0/24, 10.20.0.0/16, false",
    "10.20.0.0/24, 10.20.1.17, false",
    "10.20.0.17, 10.20.0.17, true",
    "10.20.0.17, 10.20.0.18, false",
    "10.20.0.17/24, 10.20.0.200, true",
    "0.0.0.0/0, 203.0.113.9, true",
    "*, 203.0.113.9, true",
    "*, *, true",
    "10.20.0.0/24, *, false",
    "0.0.0.0/0, *, false",
    "2001:db8::/32, 2001:db8:1::5, true",
    "2001:db8::/32, 2001:db9::5, false",
    "10.20.0.0/24, ::ffff:0a14:0011, true",
    "2001:db8::/32, 10.20.0.17, false",
  })
  void containmentDecidesNotStringEquality(String allowed, String source, boolean inside) {
    var prefix = SourcePrefix.parse(allowed).orElseThrow();
    var candidate = SourcePrefix.parse(source).orElseThrow();

    assertThat(prefix.contains(candidate)).isEqualTo(inside);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "example.com", "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "any"})
  void textThatIsNotAnAddressOrCidrIsRefused(String text) {
    assertThat(SourcePrefix.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "10.0.0.1", "10.0.0.0/8", "2001:db8::/32", "::1"})
  void addressesCidrsAndAnyAreParsed(String text) {
    assertThat(SourcePrefix.parse(text)).isPresent();
    assertThat(SourcePrefix.parse(text).orElseThrow().isAny()).isEqualTo(text.equals("*"));
  }
}
