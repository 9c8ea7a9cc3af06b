// json_fuzz body: the strict JSON body reader every route uses (http::ParseBody →
// JsonInput) and the error envelope that echoes what it read.
#include <nlohmann/json.hpp>

#include "core/json_input.h"
#include "http/http.h"
#include "sheet/reader.h"
#include "targets/targets.h"

namespace shuniu::fuzz {
namespace {

// The envelope must always be JSON, whatever bytes a message or field name carries.
void CheckEnvelope(const Status& s) {
  http::Response r = http::Error(s, "fuzz-1");
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  Check(!j.is_discarded() && j.contains("error"), "error envelope is not JSON: " + r.body);
  Check(r.status >= 400 && r.status < 600, "error status " + std::to_string(r.status));
  if (s.code() != Code::kInternal && !s.field().empty())
    Check(j["error"].contains("field"), "error envelope lost its field");
}

void ReadEveryField(const JsonInput& in, const std::string& name) {
  auto req = in.RequiredString(name, 1, 20);
  if (req.ok()) {
    long long n = Utf8Length(*req);
    Check(n >= 1 && n <= 20, "RequiredString returned a string of " + std::to_string(n) +
                                 " code points for bounds 1..20");
  } else {
    Check(req.status().field() == name, "RequiredString error does not name its field");
    CheckEnvelope(req.status());
  }
  auto opt = in.OptionalString(name, 5);
  if (opt.ok() && *opt) Check(Utf8Length(**opt) <= 5, "OptionalString exceeded its maximum");
  if (!opt.ok()) Check(opt.status().field() == name, "OptionalString error lost its field");
  auto i = in.OptionalInt(name);
  if (i.ok() && *i) Check(in.raw()[name].is_number_integer(), "OptionalInt accepted a non-int");
  if (!i.ok()) CheckEnvelope(i.status());
  auto b = in.OptionalBool(name);
  if (b.ok() && *b) Check(in.raw()[name].is_boolean(), "OptionalBool accepted a non-bool");
  if (!b.ok()) CheckEnvelope(b.status());
  Check(in.Has(name) == (in.raw().contains(name) && !in.raw()[name].is_null()),
        "Has disagrees with the document");
}

}  // namespace

void JsonTarget(std::string_view input) {
  // Utf8Length (JSON strings, query values, import cells) and the spreadsheet
  // reader's validator must agree on what valid UTF-8 is.
  bool valid = sheet::InvalidUtf8Offset(input) == std::string_view::npos;
  Check((Utf8Length(input) >= 0) == valid,
        std::string("Utf8Length and InvalidUtf8Offset disagree (") + (valid ? "valid" : "invalid") +
            " UTF-8)");

  http::Request req;
  req.body = std::string(input);
  auto body = http::ParseBody(req);
  if (!body.ok()) {
    Check(
        body.status().code() == Code::kMalformed || body.status().code() == Code::kInvalidArgument,
        "ParseBody failed with " + std::string(CodeName(body.status().code())));
    Check(body.status().field() == "body", "ParseBody error does not name the body");
    CheckEnvelope(body.status());
    return;
  }
  const JsonInput& in = *body;
  Check(in.raw().is_object(), "ParseBody accepted a non-object");
  // Round trip: what we parsed dumps and parses back to the same document.
  std::string dumped = in.raw().dump();
  auto again = nlohmann::json::parse(dumped, nullptr, false);
  Check(!again.is_discarded() && again == in.raw(), "JSON round trip changed the document");

  Status only = in.AllowOnly({"name", "kind", "region_code"});
  if (!only.ok()) {
    Check(in.raw().contains(only.field()), "AllowOnly named a field the body does not have");
    CheckEnvelope(only);
  }
  size_t n = 0;
  for (auto it = in.raw().begin(); it != in.raw().end() && n < 16; ++it, ++n)
    ReadEveryField(in, it.key());
  ReadEveryField(in, "name");
}

}  // namespace shuniu::fuzz
