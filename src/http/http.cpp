// Request/response helpers and the status-to-HTTP mapping.
#include "http/http.h"

#include <spdlog/spdlog.h>

namespace shuniu::http {

std::string Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

Response Response::Json(int status, const nlohmann::json& j) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

int HttpStatusFor(Code c) {
  switch (c) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 422;
    case Code::kMalformed:
      return 400;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
      return 409;
    case Code::kConflict:
      return 409;
    case Code::kPermissionDenied:
      return 403;
    case Code::kUnauthenticated:
      return 401;
    case Code::kRateLimited:
      return 429;
    case Code::kPayloadTooLarge:
      return 413;
    case Code::kUnavailable:
      return 503;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

Response Error(const Status& s, const std::string& request_id) {
  // Internal details go to the log with the request id, never to the client.
  if (s.code() == Code::kInternal) spdlog::error("{} internal error: {}", request_id, s.message());
  nlohmann::json e = {{"code", CodeName(s.code())},
                      {"message", s.code() == Code::kInternal ? "internal error" : s.message()},
                      {"request_id", request_id}};
  if (!s.field().empty()) e["field"] = s.field();
  Response r = Response::Json(HttpStatusFor(s.code()), {{"error", e}});
  if ((s.code() == Code::kRateLimited || s.code() == Code::kUnavailable) && s.retry_after() > 0)
    r.headers.emplace_back("Retry-After", std::to_string(s.retry_after()));
  return r;
}

Result<JsonInput> ParseBody(const Request& r) {
  if (r.body.empty()) return Status(Code::kMalformed, "request body is empty", "body");
  return JsonInput::Parse(r.body);
}

Status PageParams(const Request& r, long long* page, long long* size) {
  *page = 1;
  *size = 20;
  auto num = [&](const char* name, long long lo, long long hi, long long* out) -> Status {
    auto it = r.query.find(name);
    if (it == r.query.end() || it->second.empty()) return Status::Ok();
    char* end = nullptr;
    long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (*end != '\0' || v < lo || v > hi)
      return InvalidArgument(name, std::string(name) + " must be a whole number from " +
                                       std::to_string(lo) + " to " + std::to_string(hi));
    *out = v;
    return Status::Ok();
  };
  SHUNIU_RETURN_IF_ERROR(num("page", 1, 1000000, page));
  return num("size", 1, 200, size);
}

nlohmann::json PageJson(nlohmann::json items, long long total, long long page, long long size) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page}, {"size", size}};
}

Result<long long> IdParam(const Request& r, const std::string& name) {
  auto it = r.params.find(name);
  if (it == r.params.end()) return NotFound("not found");
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || v <= 0) return NotFound("not found");
  return v;
}

}  // namespace shuniu::http
