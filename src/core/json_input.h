// Strict reading of JSON request bodies: unknown fields rejected, every error names its field.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace shuniu {

using Json = nlohmann::json;

class JsonInput {
 public:
  // Parses a body that must be a JSON object; kMalformed when it is not JSON,
  // kInvalidArgument (field "body") when it is JSON but not an object.
  static Result<JsonInput> Parse(std::string_view body);
  explicit JsonInput(Json j) : j_(std::move(j)) {}

  // Fails with kInvalidArgument naming the first field not in `allowed`.
  Status AllowOnly(std::initializer_list<std::string_view> allowed) const;

  bool Has(std::string_view name) const;
  // String fields: required ones must be present, a string, and (after trimming
  // nothing) have between min and max code points.
  Result<std::string> RequiredString(std::string_view name, size_t min_len, size_t max_len) const;
  Result<std::optional<std::string>> OptionalString(std::string_view name, size_t max_len) const;
  Result<long long> RequiredInt(std::string_view name) const;
  Result<std::optional<long long>> OptionalInt(std::string_view name) const;
  Result<std::optional<bool>> OptionalBool(std::string_view name) const;
  const Json& raw() const { return j_; }

 private:
  Json j_;
};

// Counts UTF-8 code points; returns -1 when the text is not valid UTF-8.
long long Utf8Length(std::string_view s);

}  // namespace shuniu
