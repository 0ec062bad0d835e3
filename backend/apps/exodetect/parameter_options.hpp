#pragma once
// Command-line options derived from a parameter table (common/parameters.hpp).

#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "exodetect/common/parameters.hpp"

namespace exodetect::cli {

// The texts given on the command line, by parameter name.
using ParameterTexts = std::map<std::string, std::string>;

// Adds one option per parameter of the command line (a flag for a boolean) to `sub`; what is
// typed is stored in `given` (which must outlive the parse), to be checked by apply_texts.
void add_parameter_options(CLI::App& sub, const std::vector<common::ParameterSpec>& specs,
                           ParameterTexts& given);

// The table's command-line parameters, those of one star (`per_star`) or the others.
template <class Options>
std::vector<common::ParameterSpec> cli_specs(const common::ParameterTable<Options>& table,
                                             bool per_star = false) {
  std::vector<common::ParameterSpec> out;
  for (const auto& p : table) {
    if (p.spec.on_cli && p.spec.per_star == per_star) out.push_back(p.spec);
  }
  return out;
}

// The given texts checked and applied over `options`, with the messages of the API's checks
// (naming the options as typed).
template <class Options>
void apply_cli_texts(const common::ParameterTable<Options>& table, const ParameterTexts& given,
                     Options& options) {
  common::apply_texts(table, given, common::Surface::kCli, "command-line", options);
}

}  // namespace exodetect::cli
