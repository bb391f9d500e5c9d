package io.condo.it.harness;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's TCP traffic as the kernel counts it: bytes sent and received on its established
 * connections ({@code ss -tinpH}), except those on one local port (its HTTP API, which the
 * measurement itself uses). A connection closed since the last reading takes its count with it.
 */
public record SocketCounters(long sent, long received) {

  private static final Pattern PID = Pattern.compile("pid=(\\d+),");
  private static final Pattern SENT = Pattern.compile("bytes_sent:(\\d+)");
  private static final Pattern RECEIVED = Pattern.compile("bytes_received:(\\d+)");

  public static SocketCounters read(long pid, int exceptLocalPort) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-tinpH", "state", "established").redirectErrorStream(true).start();
    List<String> lines = new String(ss.getInputStream().readAllBytes()).lines().toList();
    ss.waitFor();
    long sent = 0;
    long received = 0;
    for (int i = 0; i + 1 < lines.size(); i++) {
      String header = lines.get(i);
      Matcher owner = PID.matcher(header);
      if (header.startsWith("\t") || !owner.find() || Long.parseLong(owner.group(1)) != pid) {
        continue;
      }
      String local = header.trim().split("\\s+")[2];
      if (Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)) == exceptLocalPort) {
        continue;
      }
      String info = lines.get(i + 1);
      sent += number(SENT, info);
      received += number(RECEIVED, info);
    }
    return new SocketCounters(sent, received);
  }

  private static long number(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
