package io.condo.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads, by Java thread name (numbers folded), from /proc and
 * {@code jcmd Thread.print}: where idle time goes.
 */
final class ThreadTicks {

  private ThreadTicks() {
  }

  static Map<String, Long> of(long pid) throws IOException {
    Map<Long, String> javaNames = javaNames(pid);
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          long tid = Long.parseLong(task.getFileName().toString());
          String name = javaNames.getOrDefault(tid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))
              .replaceAll("\\d+", "#");
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
        } catch (IOException gone) {
          // the thread ended
        }
      }
    }
    return ticks;
  }

  /** Each thread's Java name by its native id, as {@code jcmd} lists them; empty when jcmd cannot say. */
  private static Map<Long, String> javaNames(long pid) {
    Map<Long, String> names = new HashMap<>();
    try {
      Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
      java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\"(.*?)\".*nid=(0x[0-9a-f]+|\\d+)");
      for (String text : new String(jcmd.getInputStream().readAllBytes()).lines().toList()) {
        java.util.regex.Matcher m = line.matcher(text);
        if (m.find()) {
          String nid = m.group(2);
          names.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), m.group(1));
        }
      }
      jcmd.waitFor();
    } catch (IOException | InterruptedException e) {
      // names from /proc only
    }
    return names;
  }

  static void print(String title, Map<String, Long> before, Map<String, Long> after) {
    System.out.println(title + ":");
    after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.println("  " + e.getValue() + "\t" + e.getKey()));
  }
}
