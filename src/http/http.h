// Transport-neutral HTTP request/response and the route table entry type.
// Handlers (*_routes.cpp) see only these, never the HTTP library.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/json_input.h"
#include "core/principal.h"
#include "core/result.h"

namespace shuniu::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // decoded path without query
  std::map<std::string, std::string> query;
  bool malformed_query = false;                // the query string has a bad %-escape (answered 400)
  std::map<std::string, std::string> params;   // from {name} segments of the route
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string client_ip;  // the client: the peer, or X-Forwarded-For from a trusted proxy
  std::string peer_ip;    // the address of the TCP peer (the proxy when there is one)
  std::string request_id;
  std::string route;          // the matched route pattern, set by the pipeline (logs, metrics)
  std::string session_token;  // from the cookie
  std::optional<Principal> principal;

  std::string Header(const std::string& lower_name) const;
  // The logged-in caller; routes with Access other than kPublic always have one.
  const Principal& caller() const { return *principal; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Not sent: for the access log and metrics (set by the pipeline).
  std::string route;      // route pattern, or static / metrics / unmatched
  long long user_id = 0;  // the logged-in caller, 0 for none

  static Response Json(int status, const nlohmann::json& j);
  static Response NoContent();
};

// Maps a non-ok Status to the JSON error envelope (the only place that knows
// status numbers): {"error":{"code","message","field","request_id"}}.
Response Error(const Status& s, const std::string& request_id);
int HttpStatusFor(Code c);

enum class Access {
  kPublic,    // no login
  kLoggedIn,  // any role
  kRoles,     // one of `roles`
};

using Handler = std::function<Response(const Request&)>;
// Answers a request exactly once, from any thread.
using Responder = std::function<void(Response)>;
// A handler that answers later through the Responder without holding a thread
// while it waits (a vote waiting for its group commit). It runs on the I/O
// thread, so it must never block: parse, hand the work over, return.
using AsyncHandler = std::function<void(const Request&, Responder)>;

struct Route {
  std::string method;
  std::string path;  // "/api/v1/users/{id}"
  Access access;
  std::vector<Role> roles;  // for kRoles
  std::string summary;
  std::string tag;
  Handler handler;
  bool allowed_before_password_change = false;  // login, logout, me, password
  bool inline_on_io = false;  // never touches the database: answered on the I/O thread
  // When set (public routes only), used instead of `handler`: runs on the I/O
  // thread and answers later (see AsyncHandler).
  AsyncHandler async_handler = nullptr;
  // Body limit of this route in bytes; 0 = the global body_limit_bytes (uploads raise it).
  int64_t max_body_bytes = 0;
};

// Helpers for handlers.
Result<JsonInput> ParseBody(const Request& r);
// page/size from the query string: page ≥ 1, 1 ≤ size ≤ 200 (default 20).
Status PageParams(const Request& r, long long* page, long long* size);
nlohmann::json PageJson(nlohmann::json items, long long total, long long page, long long size);
Result<long long> IdParam(const Request& r, const std::string& name);
// Renders a Result: ok → 200 with render(value), else the error envelope.
template <typename T, typename F>
Response Render(const Request& req, const Result<T>& r, F render, int status = 200) {
  if (!r.ok()) return Error(r.status(), req.request_id);
  return Response::Json(status, render(r.value()));
}

}  // namespace shuniu::http
