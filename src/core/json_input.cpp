// Strict JSON body reader used by every route that accepts a body.
#include "core/json_input.h"

#include <algorithm>

#include "core/utf8.h"

namespace shuniu {

long long Utf8Length(std::string_view s) {
  long long n = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return -1;
    i += len;
    ++n;
  }
  return n;
}

Result<JsonInput> JsonInput::Parse(std::string_view body) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status(Code::kMalformed, "request body is not valid JSON", "body");
  if (!j.is_object()) return InvalidArgument("body", "request body must be a JSON object");
  return JsonInput(std::move(j));
}

Status JsonInput::AllowOnly(std::initializer_list<std::string_view> allowed) const {
  for (auto it = j_.begin(); it != j_.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      return InvalidArgument(it.key(), "unknown field '" + it.key() + "'");
  }
  return Status::Ok();
}

bool JsonInput::Has(std::string_view name) const {
  auto it = j_.find(name);
  return it != j_.end() && !it->is_null();
}

Result<std::string> JsonInput::RequiredString(std::string_view name, size_t min_len,
                                              size_t max_len) const {
  std::string f(name);
  auto it = j_.find(name);
  if (it == j_.end() || it->is_null()) return InvalidArgument(f, f + " is required");
  if (!it->is_string()) return InvalidArgument(f, f + " must be a string");
  std::string v = it->get<std::string>();
  long long n = Utf8Length(v);
  if (n < 0) return InvalidArgument(f, f + " is not valid UTF-8");
  if (static_cast<size_t>(n) < min_len)
    return InvalidArgument(
        f, min_len <= 1 ? f + " is required"
                        : f + " must have at least " + std::to_string(min_len) + " characters");
  if (static_cast<size_t>(n) > max_len)
    return InvalidArgument(f, f + " must have at most " + std::to_string(max_len) + " characters");
  return v;
}

Result<std::optional<std::string>> JsonInput::OptionalString(std::string_view name,
                                                             size_t max_len) const {
  if (!Has(name)) return std::optional<std::string>{};
  auto r = RequiredString(name, 0, max_len);
  if (!r.ok()) return r.status();
  return std::optional<std::string>(std::move(r).value());
}

Result<long long> JsonInput::RequiredInt(std::string_view name) const {
  std::string f(name);
  auto it = j_.find(name);
  if (it == j_.end() || it->is_null()) return InvalidArgument(f, f + " is required");
  if (!it->is_number_integer()) return InvalidArgument(f, f + " must be an integer");
  return it->get<long long>();
}

Result<std::optional<long long>> JsonInput::OptionalInt(std::string_view name) const {
  if (!Has(name)) return std::optional<long long>{};
  auto r = RequiredInt(name);
  if (!r.ok()) return r.status();
  return std::optional<long long>(r.value());
}

Result<std::optional<bool>> JsonInput::OptionalBool(std::string_view name) const {
  if (!Has(name)) return std::optional<bool>{};
  const Json& v = j_.at(std::string(name));
  if (!v.is_boolean())
    return InvalidArgument(std::string(name), std::string(name) + " must be true or false");
  return std::optional<bool>(v.get<bool>());
}

}  // namespace shuniu
