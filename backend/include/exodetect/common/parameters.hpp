#pragma once
// A table of parameters declared once (name, type, range, default, unit, help), from which the
// API's validation, the OpenAPI schema and the command line's options are all derived. Each
// entry also knows how to read and write its field of an options struct, and takes its default
// from that struct's default value, so a default lives in the struct alone.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace exodetect::common {

enum class ParameterType { kInteger, kNumber, kNumberList, kString, kBoolean };

// Who is given the parameter: the API (JSON and form names: period_min) or the command line
// (--period-min). Messages name the parameter as the caller spells it.
enum class Surface { kApi, kCli };

struct ParameterSpec {
  std::string name;  // the JSON and form field name
  ParameterType type = ParameterType::kNumber;
  std::string help;
  std::string unit;                // of the value ("days"), or of each element of a list
  std::optional<double> min, max;  // numbers: inclusive bounds; lists: each element's
  bool min_exclusive = false;
  std::vector<std::string> choices;  // strings: the values allowed (empty: any)
  size_t max_length = 0;             // strings: longest value (0: any)
  nlohmann::json default_value;      // null: none (the value left out is decided downstream)
  bool on_api = true, on_cli = true;
  bool per_star = false;  // a value of one star: a single search's, not a survey's
  std::string cli_names;  // CLI11 names; empty: "--" + name with '-' for '_'

  std::string cli_flags() const;
  std::string label(Surface surface) const;  // period_min or --period-min
  // help, unit and what the value may be, for OpenAPI descriptions and --help
  std::string description() const;
  std::string range_text() const;  // "[0.01, 10000]", "(0, 72]", "pdcsap, sap" or ""

  // The value typed in a form field or on the command line, checked; throws
  // std::invalid_argument naming the parameter as `surface` spells it.
  nlohmann::json parse_text(const std::string& text, Surface surface) const;
  // A value of a JSON body, checked the same way.
  nlohmann::json check_json(const nlohmann::json& value, Surface surface) const;
  // The OpenAPI schema: a multipart form field (`form`: lists as comma-separated text) or a
  // JSON body member.
  nlohmann::json schema(bool form) const;

 private:
  nlohmann::json check_number(double value, Surface surface, const std::string& text) const;
};

// Field <-> JSON for the field types a parameter may have.
inline nlohmann::json parameter_json(double v) { return v; }
inline nlohmann::json parameter_json(int v) { return v; }
inline nlohmann::json parameter_json(uint64_t v) { return v; }
inline nlohmann::json parameter_json(bool v) { return v; }
inline nlohmann::json parameter_json(const std::string& v) { return v; }
inline nlohmann::json parameter_json(const std::vector<double>& v) { return v; }
inline nlohmann::json parameter_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}
template <class T>
void set_parameter(T& field, const nlohmann::json& v) {
  field = v.get<T>();
}
inline void set_parameter(std::optional<double>& field, const nlohmann::json& v) {
  field = v.is_null() ? std::nullopt : std::optional<double>(v.get<double>());
}
template <class T>
constexpr ParameterType parameter_type() {
  if constexpr (std::is_same_v<T, bool>) return ParameterType::kBoolean;
  if constexpr (std::is_integral_v<T>) return ParameterType::kInteger;
  if constexpr (std::is_same_v<T, std::string>) return ParameterType::kString;
  if constexpr (std::is_same_v<T, std::vector<double>>) return ParameterType::kNumberList;
  return ParameterType::kNumber;  // double, std::optional<double>
}

template <class Options>
struct Parameter {
  ParameterSpec spec;
  std::function<nlohmann::json(const Options&)> get;
  std::function<void(Options&, const nlohmann::json&)> set;

  Parameter& in(double lo, double hi) {
    spec.min = lo;
    spec.max = hi;
    return *this;
  }
  Parameter& above(double lo, double hi) {  // (lo, hi]
    in(lo, hi);
    spec.min_exclusive = true;
    return *this;
  }
  Parameter& unit(std::string u) {
    spec.unit = std::move(u);
    return *this;
  }
  Parameter& max_length(size_t n) {
    spec.max_length = n;
    return *this;
  }
  Parameter& one_of(std::vector<std::string> choices) {
    spec.choices = std::move(choices);
    return *this;
  }
  Parameter& cli(std::string names) {  // CLI11 names, e.g. "--trees" or "--balance,!--no-balance"
    spec.cli_names = std::move(names);
    return *this;
  }
  Parameter& cli_only() {
    spec.on_api = false;
    return *this;
  }
  Parameter& star() {
    spec.per_star = true;
    return *this;
  }
  Parameter& api_only() {
    spec.on_cli = false;
    return *this;
  }
  Parameter& default_value(nlohmann::json v) {  // where the surface's default is not the struct's
    spec.default_value = std::move(v);
    return *this;
  }
};

// The default of a field as documented: none for an empty string, list or optional.
inline nlohmann::json documented_default(const nlohmann::json& v) {
  if (v == "" || (v.is_array() && v.empty())) return nullptr;
  return v;
}

// One entry: `access` is a generic lambda returning the field, e.g.
// [](auto& o) -> auto& { return o.detect.period_min_days; }.
template <class Options, class Access>
Parameter<Options> parameter(std::string name, Access access, std::string help) {
  using T = std::decay_t<decltype(access(std::declval<Options&>()))>;
  Parameter<Options> p;
  p.spec.name = std::move(name);
  p.spec.help = std::move(help);
  p.spec.type = parameter_type<T>();
  p.get = [access](const Options& o) { return parameter_json(access(o)); };
  p.set = [access](Options& o, const nlohmann::json& v) { set_parameter(access(o), v); };
  p.spec.default_value = documented_default(p.get(Options{}));
  return p;
}

// An entry whose field is an enum, spelled by `names` in JSON and on the command line.
template <class Options, class Access, class Enum>
Parameter<Options> choice(std::string name, Access access,
                          std::vector<std::pair<std::string, Enum>> names, std::string help) {
  Parameter<Options> p;
  p.spec.name = std::move(name);
  p.spec.help = std::move(help);
  p.spec.type = ParameterType::kString;
  for (const auto& [text, value] : names) p.spec.choices.push_back(text);
  p.get = [access, names](const Options& o) {
    for (const auto& [text, value] : names) {
      if (access(o) == value) return nlohmann::json(text);
    }
    return nlohmann::json();
  };
  p.set = [access, names](Options& o, const nlohmann::json& v) {
    for (const auto& [text, value] : names) {
      if (v == text) access(o) = value;
    }
  };
  p.spec.default_value = p.get(Options{});
  return p;
}

template <class Options>
using ParameterTable = std::vector<Parameter<Options>>;

template <class Options>
bool on_surface(const Parameter<Options>& p, Surface surface) {
  return surface == Surface::kApi ? p.spec.on_api : p.spec.on_cli;
}

template <class Options>
const Parameter<Options>* find_parameter(const ParameterTable<Options>& table,
                                         const std::string& name, Surface surface) {
  for (const auto& p : table) {
    if (p.spec.name == name && on_surface(p, surface)) return &p;
  }
  return nullptr;
}

// Checks the texts given (form fields or command-line values, by parameter name) and applies
// them to `options`; returns the given values as JSON. `what` names the table in the message
// for an unknown name ("search"). A blank text of a parameter without a default (a star's
// teff, a column) is not given, as a form's empty field is.
template <class Options>
nlohmann::json apply_texts(const ParameterTable<Options>& table,
                           const std::map<std::string, std::string>& texts, Surface surface,
                           const std::string& what, Options& options) {
  nlohmann::json given = nlohmann::json::object();
  for (const auto& [name, text] : texts) {
    const auto* p = find_parameter(table, name, surface);
    if (!p)
      throw std::invalid_argument("unknown " + what + " parameter '" + name.substr(0, 40) + "'");
    if (p->spec.default_value.is_null() && text.find_first_not_of(" \t\r\n") == std::string::npos) {
      continue;
    }
    given[name] = p->spec.parse_text(text, surface);
    p->set(options, given[name]);
  }
  return given;
}

// The same for the members of a JSON object (null members are left out).
template <class Options>
nlohmann::json apply_json(const ParameterTable<Options>& table, const nlohmann::json& body,
                          Surface surface, const std::string& what, Options& options) {
  if (!body.is_object())
    throw std::invalid_argument("the " + what + " parameters must be an object");
  nlohmann::json given = nlohmann::json::object();
  for (const auto& [name, value] : body.items()) {
    const auto* p = find_parameter(table, name, surface);
    if (!p)
      throw std::invalid_argument("unknown " + what + " parameter '" + name.substr(0, 40) + "'");
    if (value.is_null()) continue;
    given[name] = p->spec.check_json(value, surface);
    p->set(options, given[name]);
  }
  return given;
}

// Applies values already checked (a job's stored parameters); other members are ignored.
template <class Options>
void apply_checked(const ParameterTable<Options>& table, const nlohmann::json& values,
                   Options& options) {
  for (const auto& p : table) {
    if (values.contains(p.spec.name) && !values[p.spec.name].is_null()) {
      p.set(options, values[p.spec.name]);
    }
  }
}

// Checks the value in `options` of every parameter of the surface against its rules, for
// options filled in by code rather than parsed (a library call); throws std::invalid_argument
// naming the first bad one as `surface` spells it.
template <class Options>
void check_parameters(const ParameterTable<Options>& table, const Options& options,
                      Surface surface) {
  for (const auto& p : table) {
    if (on_surface(p, surface)) p.spec.check_json(p.get(options), surface);
  }
}

// Every parameter of the surface with its value in `options`.
template <class Options>
nlohmann::json parameters_json(const ParameterTable<Options>& table, const Options& options,
                               Surface surface = Surface::kApi) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& p : table) {
    if (on_surface(p, surface)) out[p.spec.name] = p.get(options);
  }
  return out;
}

// The OpenAPI properties of the API's parameters.
template <class Options>
nlohmann::json parameters_schema(const ParameterTable<Options>& table, bool form) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& p : table) {
    if (p.spec.on_api) out[p.spec.name] = p.spec.schema(form);
  }
  return out;
}

}  // namespace exodetect::common
