#include <algorithm>
#include <iostream>
#include <map>
#include <stdexcept>

#include "command.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/version.hpp"

namespace exodetect::cli {

using common::csv_cell;

std::vector<Command>& command_registry() {
  static std::vector<Command> registry;
  return registry;
}

void print_error(const std::string& message) { std::cerr << "exodetect: " << message << "\n"; }

std::string csv_value(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return csv_cell(value.get<std::string>());
  return value.dump();
}

}  // namespace exodetect::cli

int main(int argc, char** argv) {
  using exodetect::cli::command_registry;
  using exodetect::cli::print_error;
  CLI::App app{"exodetect: find transiting exoplanets in Kepler, K2 and TESS light curves"};
  app.set_version_flag("--version", std::string("exodetect ") + exodetect::kVersion);
  app.require_subcommand(1);

  auto& commands = command_registry();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::map<std::string, std::function<int()>> runners;
  for (auto& command : commands) runners[command.name] = command.setup(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (auto* sub : app.get_subcommands()) {
    try {
      return runners.at(sub->get_name())();
    } catch (const std::invalid_argument& e) {
      print_error(e.what());
      return 2;
    } catch (const std::exception& e) {
      print_error(std::string("error: ") + e.what());
      return 1;
    }
  }
  return 1;
}
