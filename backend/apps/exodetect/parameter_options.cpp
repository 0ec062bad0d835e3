#include "parameter_options.hpp"

#include <cctype>

namespace exodetect::cli {

using common::ParameterSpec;
using common::ParameterType;

void add_parameter_options(CLI::App& sub, const std::vector<ParameterSpec>& specs,
                           ParameterTexts& given) {
  for (const auto& spec : specs) {
    std::string help = spec.description();
    help[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(help[0])));
    const std::string name = spec.name;
    if (spec.type == ParameterType::kBoolean) {
      sub.add_flag_function(
          spec.cli_flags(),
          [&given, name](std::int64_t count) { given[name] = count > 0 ? "true" : "false"; },
          help + (spec.default_value == true ? " (default)" : " (default: off)"));
      continue;
    }
    if (spec.type == ParameterType::kNumberList) help += ", comma separated";
    const std::string range = spec.range_text();
    if (!range.empty()) help += (spec.choices.empty() ? "; in " : "; one of ") + range;
    auto* option = sub.add_option_function<std::string>(
        spec.cli_flags(), [&given, name](const std::string& text) { given[name] = text; }, help);
    option->type_name(spec.type == ParameterType::kInteger      ? "INT"
                      : spec.type == ParameterType::kNumber     ? "FLOAT"
                      : spec.type == ParameterType::kNumberList ? "LIST"
                                                                : "TEXT");
    if (!spec.default_value.is_null()) {
      option->default_str(spec.default_value.is_string() ? spec.default_value.get<std::string>()
                                                         : spec.default_value.dump());
    }
  }
}

}  // namespace exodetect::cli
