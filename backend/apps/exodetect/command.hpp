#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace exodetect::cli {

// Each subcommand lives in its own cmd_*.cpp and registers itself at static-init time, so the
// CLI grows without one file every feature must edit. `setup` adds the subcommand and its
// options to the app and returns the function that runs it (its return value is the exit code).
struct Command {
  std::string name;
  std::function<std::function<int()>(CLI::App& app)> setup;
};

std::vector<Command>& command_registry();

struct Registrar {
  explicit Registrar(Command command) { command_registry().push_back(std::move(command)); }
};

// Prints "exodetect: <message>" on stderr; the common way commands report bad input.
void print_error(const std::string& message);

// A JSON value as one CSV cell: empty for null, a string's text (quoted as csv_cell does),
// anything else as JSON.
std::string csv_value(const nlohmann::json& value);

}  // namespace exodetect::cli
