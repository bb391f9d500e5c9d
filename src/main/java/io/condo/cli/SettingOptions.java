package io.condo.cli;

import io.condo.config.Setting;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The command line's options, made from the {@link Setting} declarations, and their values read back. */
final class SettingOptions {

  private SettingOptions() {
  }

  static void declare(CommandSpec spec, Setting... settings) {
    for (Setting setting : settings) {
      String help = setting.description() + " (env " + setting.env()
          + (setting.defaultValue() != null ? "; default " + setting.defaultValue() : "") + ")";
      if (setting.positional()) {
        spec.addPositional(PositionalParamSpec.builder().paramLabel("PREFIX").arity("0..*").type(List.class)
            .auxiliaryTypes(String.class).description(help).build());
      } else if (setting.option() != null) {
        OptionSpec.Builder option = OptionSpec.builder(setting.option()).description(help);
        if (setting.flag()) {
          option.type(Boolean.class).arity("0");
        } else if (setting.repeatable()) {
          option.type(List.class).auxiliaryTypes(String.class).paramLabel(setting.label());
        } else {
          option.type(String.class).paramLabel(setting.label());
        }
        spec.addOption(option.build());
      }
    }
  }

  /** What the command line gave, as text: the directories and a repeated option's values one a line, a flag as "true". */
  static Map<Setting, String> given(CommandSpec spec, Setting... settings) {
    Map<Setting, String> given = new EnumMap<>(Setting.class);
    for (Setting setting : settings) {
      Object value = null;
      if (setting.positional()) {
        List<?> list = spec.positionalParameters().get(0).getValue();
        value = list == null || list.isEmpty() ? null : String.join("\n", list.stream().map(String::valueOf).toList());
      } else if (setting.option() != null) {
        value = spec.findOption(setting.option()).getValue();
        if (value instanceof List<?> list) {
          value = list.isEmpty() ? null : String.join("\n", list.stream().map(String::valueOf).toList());
        }
      }
      if (value != null) {
        given.put(setting, String.valueOf(value));
      }
    }
    return given;
  }
}
