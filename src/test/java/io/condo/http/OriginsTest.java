package io.condo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.net.HostAndPort;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

  static final Origins LISTED = Origins.of(List.of("https://ops.example", "http://10.0.0.5:8080/"));

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      // Origin header                | Host header             | allowed
      "NONE                           | condo.example:8080      | true",
      "http://condo.example:8080      | condo.example:8080      | true",
      "HTTP://Condo.Example:8080      | condo.example:8080      | true",
      "https://condo.example          | condo.example           | true",
      "http://condo.example           | condo.example:80        | true",
      "http://127.0.0.1:9000          | 127.0.0.1:9000          | true",
      "http://[::1]:9000              | [::1]:9000              | true",
      "https://ops.example            | condo.example:8080      | true",
      "https://ops.example:443        | condo.example:8080      | true",
      "http://10.0.0.5:8080           | condo.example           | true",
      "https://evil.example           | condo.example:8080      | false",
      "http://condo.example:8081      | condo.example:8080      | false",
      "http://condo.example.evil.com  | condo.example           | false",
      "http://ops.example             | condo.example           | false",
      "null                           | condo.example           | false",
      "file://                        | condo.example           | false",
      "chrome-extension://abc         | condo.example           | false",
  })
  void ownOriginListedOnesAndNonBrowsersAreAllowed(String origin, String host, boolean allowed) {
    assertEquals(allowed, LISTED.allows(origin, HostAndPort.parseAuthority(host, -1)), origin + " to " + host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "null", "ops.example", "https://ops.example/path", "https://u:p@ops.example",
      "ftp://ops.example", "https://ops.example?x=1"})
  void onlyPlainOriginsCanBeListed(String origin) {
    assertThrows(IllegalArgumentException.class, () -> Origins.of(List.of(origin)));
  }
}
