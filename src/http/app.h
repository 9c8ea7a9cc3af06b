// The request pipeline without sockets: request id, body limit, routing,
// session, CSRF/Origin, role check, handler, error mapping, security headers,
// static files with SPA fallback. server.cpp feeds it from RESTinio; tests call
// Handle() directly.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "auth/auth_service.h"
#include "http/http.h"
#include "http/metrics.h"

namespace shuniu::http {

struct AppOptions {
  int64_t body_limit_bytes = 1 << 20;
  std::string web_root;  // built SPA (index.html + assets); empty = none
  bool secure_cookies = false;
  int session_idle_minutes = 30;
  // GET /metrics: with a token, only `Authorization: Bearer <token>`; without,
  // only direct loopback callers (not through a proxy).
  std::string metrics_token;
  // Peers whose X-Forwarded-For is believed (the reverse proxies); others' is ignored.
  std::vector<std::string> trusted_proxies;
};

class App {
 public:
  App(std::vector<Route> routes, auth::AuthService& auth, db::Database& db, AppOptions opt);

  // Runs the pipeline and calls `done` with the answer: at once, or later from
  // another thread for routes with an async_handler (then the call returns
  // before the answer exists). The server uses this; Handle waits for it.
  void HandleAsync(Request req, Responder done);
  // Answers 503 "unavailable" with Retry-After without running the request:
  // the server is over capacity (see Server::SetAdmission). Security headers added.
  void Shed(Request req, Responder done);
  // The same, waiting for the answer (tests, and the worker pool).
  Response Handle(Request req);
  // True for routes that never block (no database, or an async_handler that
  // only hands work over): the server runs them on the I/O thread instead of
  // handing them to the worker pool.
  bool RunsInline(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }
  // The body limit for a request: the route's max_body_bytes, else the global one.
  int64_t BodyLimit(const std::string& method, const std::string& path) const;

  // Fills r->path (percent-decoded; kept raw when an escape is bad) and r->query
  // from a request target "/api/v1/orgs?q=%E4%B8%AD"; a query string with a bad
  // escape sets r->malformed_query (an API route answers it 400, field "query").
  static void ParseTarget(const std::string& target, Request* r);
  // The value of cookie `name` in a Cookie header ("a=1; shuniu_session=…"), "" when absent.
  static std::string CookieValue(const std::string& header, const std::string& name);
  // Splits "a=1&b=%E4%B8%AD" into a decoded map; false on bad escapes.
  static bool ParseQuery(const std::string& qs, std::map<std::string, std::string>* out);
  // Matches "/api/v1/users/{id}" against a path, filling params.
  static bool MatchPath(const std::string& pattern, const std::string& path,
                        std::map<std::string, std::string>* params);
  static std::string SessionCookie(const std::string& token, bool secure, int max_age_s);
  // The client address: the peer, or when the peer is one of `trusted` the
  // right-most X-Forwarded-For entry that is not itself a trusted proxy.
  static std::string ClientAddress(const std::string& peer, const std::string& forwarded_for,
                                   const std::vector<std::string>& trusted);
  // Request counters, latency histogram and gauges, served at GET /metrics.
  Metrics& metrics() { return metrics_; }

 private:
  // The answer, or nullopt when an async_handler took the request and will
  // answer through `done` (security headers added).
  std::optional<Response> Dispatch(Request& req, const Responder& done);
  Response Static(const Request& req);
  Response MetricsPage(const Request& req);
  void AuditDenied(const Request& req, const Status& why);

  std::vector<Route> routes_;
  auth::AuthService& auth_;
  db::Database& db_;
  AppOptions opt_;
  std::mutex static_mu_;
  std::map<std::string, std::shared_ptr<const std::string>> static_cache_;
  Metrics metrics_;
};

// The OpenAPI 3.1 document generated from the route table.
nlohmann::json OpenApi(const std::vector<Route>& routes, const std::string& version);

}  // namespace shuniu::http
