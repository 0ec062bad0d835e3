#include "exodetect/common/parameters.hpp"

#include <algorithm>
#include <cmath>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::common {
namespace {

std::string quoted(const std::string& text) { return "'" + text.substr(0, 40) + "'"; }

}  // namespace

std::string ParameterSpec::cli_flags() const {
  if (!cli_names.empty()) return cli_names;
  std::string flag = "--" + name;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string ParameterSpec::label(Surface surface) const {
  if (surface == Surface::kApi) return name;
  const std::string flags = cli_flags();
  return flags.substr(0, flags.find(','));
}

std::string ParameterSpec::range_text() const {
  if (!choices.empty()) {
    std::string out;
    for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
    return out;
  }
  if (!min && !max) return "";
  return std::string(min_exclusive ? "(" : "[") + (min ? number_text(*min) : "-inf") + ", " +
         (max ? number_text(*max) : "inf") + "]";
}

std::string ParameterSpec::description() const {
  if (unit.empty()) return help;
  // The unit follows what the value is, before what a special value means.
  const size_t clause = std::min(help.find(';'), help.size());
  return help.substr(0, clause) + " (" + unit + ")" + help.substr(clause);
}

nlohmann::json ParameterSpec::check_number(double value, Surface surface,
                                           const std::string& text) const {
  const bool integer = type == ParameterType::kInteger;
  if (integer && value != std::floor(value)) {
    throw std::invalid_argument(label(surface) + " must be a whole number, got " + quoted(text));
  }
  const bool low = min && (min_exclusive ? !(value > *min) : !(value >= *min));
  const bool high = max && !(value <= *max);
  if (low || high) {
    throw std::invalid_argument(label(surface) + " must be in " + range_text() +
                                (unit.empty() ? "" : " " + unit) + ", got " + quoted(text));
  }
  if (!integer) return value;
  if (value < 0) return static_cast<int64_t>(value);
  if (value > 2147483647.0) return static_cast<uint64_t>(value);
  return static_cast<int>(value);
}

nlohmann::json ParameterSpec::parse_text(const std::string& text, Surface surface) const {
  switch (type) {
    case ParameterType::kInteger:
    case ParameterType::kNumber: {
      const auto v = parse_number(text);
      if (!v || !std::isfinite(*v)) {
        throw std::invalid_argument(label(surface) + " must be a number, got " + quoted(text));
      }
      return check_number(*v, surface, text);
    }
    case ParameterType::kNumberList: {
      // Comma-separated; sorted, since a list is a set of trial values.
      std::vector<double> values;
      size_t start = 0;
      while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        const std::string cell = text.substr(start, end - start);
        const auto v = parse_number(cell);
        const bool low = v && min && (min_exclusive ? !(*v > *min) : !(*v >= *min));
        const bool high = v && max && !(*v <= *max);
        if (!v || !std::isfinite(*v) || low || high) {
          throw std::invalid_argument(label(surface) + " must be comma-separated numbers in " +
                                      range_text() + (unit.empty() ? "" : " " + unit) + ", got " +
                                      quoted(cell));
        }
        values.push_back(*v);
        start = end + 1;
      }
      std::sort(values.begin(), values.end());
      return values;
    }
    case ParameterType::kBoolean:
      if (text == "true" || text == "1") return true;
      if (text == "false" || text == "0") return false;
      throw std::invalid_argument(label(surface) + " must be true or false, got " + quoted(text));
    case ParameterType::kString:
      break;
  }
  return check_json(text, surface);
}

nlohmann::json ParameterSpec::check_json(const nlohmann::json& value, Surface surface) const {
  switch (type) {
    case ParameterType::kInteger:
    case ParameterType::kNumber: {
      if (!value.is_number()) throw std::invalid_argument(label(surface) + " must be a number");
      const double v = value.get<double>();
      if (!std::isfinite(v)) throw std::invalid_argument(label(surface) + " must be a number");
      return check_number(v, surface, value.dump());
    }
    case ParameterType::kNumberList: {
      if (!value.is_array()) {
        throw std::invalid_argument(label(surface) + " must be a list of numbers");
      }
      std::string text;
      for (const auto& v : value) {
        if (!v.is_number()) {
          throw std::invalid_argument(label(surface) + " must be a list of numbers");
        }
        text += (text.empty() ? "" : ",") + v.dump();
      }
      return parse_text(text, surface);
    }
    case ParameterType::kBoolean:
      if (!value.is_boolean()) throw std::invalid_argument(label(surface) + " must be a boolean");
      return value;
    case ParameterType::kString:
      break;
  }
  if (!value.is_string()) throw std::invalid_argument(label(surface) + " must be a string");
  const std::string text = value.get<std::string>();
  if (!choices.empty() && std::find(choices.begin(), choices.end(), text) == choices.end()) {
    throw std::invalid_argument(label(surface) + " must be one of " + range_text() + ", got " +
                                quoted(text));
  }
  if (max_length > 0 && text.size() > max_length) {
    throw std::invalid_argument(label(surface) + " must be at most " + std::to_string(max_length) +
                                " characters");
  }
  return text;
}

nlohmann::json ParameterSpec::schema(bool form) const {
  nlohmann::json s;
  switch (type) {
    case ParameterType::kInteger:
      s["type"] = "integer";
      break;
    case ParameterType::kNumber:
      s["type"] = "number";
      break;
    case ParameterType::kBoolean:
      s["type"] = "boolean";
      break;
    case ParameterType::kString:
      s["type"] = "string";
      if (!choices.empty()) s["enum"] = choices;
      if (max_length > 0) s["maxLength"] = max_length;
      break;
    case ParameterType::kNumberList:
      if (form) {
        s["type"] = "string";
      } else {
        s = {{"type", "array"}, {"items", {{"type", "number"}}}};
      }
      break;
  }
  nlohmann::json& bounded = type == ParameterType::kNumberList && !form ? s["items"] : s;
  if (type == ParameterType::kNumberList && form) {
    // The bounds of each element, which a text field's schema cannot carry, are in the words.
    s["description"] = description() + ", comma separated, each in " + range_text();
  } else {
    if (min) bounded["minimum"] = *min;
    if (max) bounded["maximum"] = *max;
    if (min_exclusive) bounded["exclusiveMinimum"] = true;
    s["description"] = description();
  }
  if (!default_value.is_null()) s["default"] = default_value;
  return s;
}

}  // namespace exodetect::common
