#pragma once

// Builders of OpenAPI 3.0 schema objects, shared by the schemas and the operations of the
// document (openapi.cpp, openapi_schemas.cpp).

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace exodetect::server::openapi {

using json = nlohmann::json;

inline json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
inline json nullable(json schema) {
  if (schema.contains("$ref")) return {{"allOf", json::array({schema})}, {"nullable", true}};
  schema["nullable"] = true;
  return schema;
}
inline json number(const std::string& description = "") {
  json s = {{"type", "number"}};
  if (!description.empty()) s["description"] = description;
  return s;
}
inline json integer(const std::string& description = "") {
  json s = {{"type", "integer"}};
  if (!description.empty()) s["description"] = description;
  return s;
}
inline json string(const std::string& description = "") {
  json s = {{"type", "string"}};
  if (!description.empty()) s["description"] = description;
  return s;
}
inline json array(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
inline json object(json properties, std::vector<std::string> required, bool open = false) {
  json s = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) s["required"] = required;
  if (open) s["additionalProperties"] = true;
  return s;
}
inline json json_content(json schema) {
  return {{"application/json", {{"schema", std::move(schema)}}}};
}
inline json response(const std::string& description, json schema) {
  return {{"description", description}, {"content", json_content(std::move(schema))}};
}
inline json path_param(const std::string& name, const std::string& description,
                       json schema = string()) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", std::move(schema)}};
}
inline json query_param(const std::string& name, const std::string& description, json schema) {
  return {{"name", name},
          {"in", "query"},
          {"required", false},
          {"description", description},
          {"schema", std::move(schema)}};
}

// The document's components/schemas.
json schemas();

}  // namespace exodetect::server::openapi
