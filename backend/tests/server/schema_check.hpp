#pragma once

// Checks a JSON value against a schema of the API's OpenAPI 3.0 document (the subset the
// document uses: $ref, allOf, oneOf, nullable, type, enum, properties, required,
// additionalProperties, items, minItems, maxItems), so a test can hold a real response to the
// schema the frontend's types are generated from.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace exodetect::test_support {

// Every place where `value` breaks `schema`, as "<path>: <what>"; empty when it conforms.
inline void schema_errors(const nlohmann::json& value, const nlohmann::json& schema,
                          const nlohmann::json& doc, const std::string& path,
                          std::vector<std::string>& errors) {
  if (value.is_null() && schema.value("nullable", false)) return;
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string prefix = "#/components/schemas/";
    const auto& schemas = doc["components"]["schemas"];
    const std::string name = ref.substr(prefix.size());
    if (ref.rfind(prefix, 0) != 0 || !schemas.contains(name)) {
      errors.push_back(path + ": dangling " + ref);
      return;
    }
    schema_errors(value, schemas[name], doc, path, errors);
    return;
  }
  if (schema.contains("allOf")) {
    for (const auto& part : schema["allOf"]) schema_errors(value, part, doc, path, errors);
  }
  if (schema.contains("oneOf")) {
    size_t matched = 0;
    for (const auto& option : schema["oneOf"]) {
      std::vector<std::string> option_errors;
      schema_errors(value, option, doc, path, option_errors);
      matched += option_errors.empty() ? 1 : 0;
    }
    if (matched != 1) {
      errors.push_back(path + ": matches " + std::to_string(matched) +
                       " of oneOf: " + value.dump().substr(0, 80));
    }
  }
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    errors.push_back(path + ": " + value.dump().substr(0, 80) + " not in enum");
  }
  if (!schema.contains("type")) return;
  const std::string type = schema["type"];
  const bool ok =
      (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
      (type == "string" && value.is_string()) || (type == "boolean" && value.is_boolean()) ||
      (type == "number" && value.is_number()) ||
      (type == "integer" && value.is_number() &&
       value.get<double>() == std::floor(value.get<double>()));
  if (!ok) {
    errors.push_back(path + ": expected " + type + ", got " + value.dump().substr(0, 80));
    return;
  }
  if (type == "object") {
    for (const auto& key : schema.value("required", nlohmann::json::array())) {
      if (!value.contains(key.get<std::string>())) {
        errors.push_back(path + ": lacks required '" + key.get<std::string>() + "'");
      }
    }
    const auto properties = schema.value("properties", nlohmann::json::object());
    const auto extra = schema.value("additionalProperties", nlohmann::json(true));
    for (const auto& [key, v] : value.items()) {
      if (properties.contains(key)) {
        schema_errors(v, properties[key], doc, path + "/" + key, errors);
      } else if (extra.is_boolean() && !extra.get<bool>()) {
        errors.push_back(path + ": unexpected '" + key + "'");
      } else if (extra.is_object()) {
        schema_errors(v, extra, doc, path + "/" + key, errors);
      }
    }
  }
  if (type == "array") {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) {
      errors.push_back(path + ": fewer than minItems");
    }
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
      errors.push_back(path + ": more than maxItems");
    }
    if (schema.contains("items")) {
      for (size_t i = 0; i < value.size(); ++i) {
        schema_errors(value[i], schema["items"], doc, path + "/" + std::to_string(i), errors);
      }
    }
  }
}

// The errors of `value` against the document's named schema.
inline std::vector<std::string> schema_errors(const nlohmann::json& value,
                                              const std::string& schema_name,
                                              const nlohmann::json& doc) {
  std::vector<std::string> errors;
  schema_errors(value, {{"$ref", "#/components/schemas/" + schema_name}}, doc, schema_name, errors);
  return errors;
}

}  // namespace exodetect::test_support
