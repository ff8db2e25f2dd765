package io.infersight.drift;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code --name value} and {@code --name=value} options for the offline commands. */
final class CommandLine {
  final Map<String, String> options = new LinkedHashMap<>();
  final boolean help;

  private CommandLine(boolean help) {
    this.help = help;
  }

  static CommandLine parse(String[] args, Set<String> known) {
    boolean help = Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    CommandLine cl = new CommandLine(help);
    if (help) {
      return cl;
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw DriftInputException.usage("unexpected argument '" + a + "'");
      }
      String name;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(2, eq);
        value = a.substring(eq + 1);
      } else {
        name = a.substring(2);
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw DriftInputException.usage("option --" + name + " needs a value");
        }
        value = args[++i];
      }
      if (!known.contains(name)) {
        throw DriftInputException.usage("unknown option --" + name);
      }
      if (cl.options.put(name, value) != null) {
        throw new DriftInputException("option --" + name + " given twice");
      }
    }
    return cl;
  }

  String required(String name) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      throw DriftInputException.usage("missing required option --" + name);
    }
    return v;
  }

  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    String v = options.get(name);
    if (v != null) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  /** Reports bad input of {@code command} on {@code err} (with the usage for argument mistakes). */
  static void reportBadInput(String command, DriftInputException e, String usage, PrintStream err) {
    err.println(command + ": " + e.getMessage());
    if (e.isUsageError()) {
      err.println(usage);
    }
  }
}
