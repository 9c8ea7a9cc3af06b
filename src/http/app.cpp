// Request pipeline implementation.
#include "http/app.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/url.h"

namespace shuniu::http {
namespace {

const char* kCookie = "shuniu_session";

bool SameOrigin(const Request& r) {
  std::string origin = r.Header("origin");
  if (origin.empty()) return true;  // non-browser client: the CSRF token still applies
  std::string host = r.Header("host");
  return origin == "http://" + host || origin == "https://" + host;
}

void SecurityHeaders(Response& r, const std::string& request_id) {
  r.headers.emplace_back("X-Request-Id", request_id);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  // A handler may set a stricter policy (file downloads: sandbox); keep it.
  auto has = [&](const char* name) {
    for (auto& [k, v] : r.headers)
      if (k == name) return true;
    return false;
  };
  if (!has("Content-Security-Policy"))
    r.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  if (!has("Cache-Control")) r.headers.emplace_back("Cache-Control", "no-store");
}

std::string ContentType(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto dot = path.rfind('.');
  if (dot != std::string::npos) {
    auto it = kTypes.find(path.substr(dot));
    if (it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

// Request ids need to be unique, not secret: a random per-process prefix plus a
// counter avoids a getrandom() system call on every request.
std::string NextRequestId() {
  static const std::string prefix = crypto::RandomToken(6);
  static std::atomic<unsigned long long> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

}  // namespace

App::App(std::vector<Route> routes, auth::AuthService& auth, db::Database& db, AppOptions opt)
    : routes_(std::move(routes)), auth_(auth), db_(db), opt_(std::move(opt)) {}

std::string App::CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos) part = part.substr(b);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

void App::ParseTarget(const std::string& target, Request* r) {
  size_t q = target.find('?');
  std::string raw_path = target.substr(0, q);
  if (!shuniu::PercentDecode(raw_path, &r->path, false)) r->path = raw_path;
  if (q != std::string::npos && !ParseQuery(target.substr(q + 1), &r->query))
    r->malformed_query = true;
}

bool App::ParseQuery(const std::string& qs, std::map<std::string, std::string>* out) {
  size_t pos = 0;
  while (pos < qs.size()) {
    size_t end = qs.find('&', pos);
    if (end == std::string::npos) end = qs.size();
    std::string part = qs.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string k, v;
    if (!shuniu::PercentDecode(part.substr(0, eq), &k, true)) return false;
    if (eq != std::string::npos && !shuniu::PercentDecode(part.substr(eq + 1), &v, true))
      return false;
    (*out)[k] = v;
  }
  return true;
}

bool App::MatchPath(const std::string& pattern, const std::string& path,
                    std::map<std::string, std::string>* params) {
  size_t i = 0, j = 0;
  while (i < pattern.size() && j < path.size()) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      size_t seg_end = path.find('/', j);
      if (seg_end == std::string::npos) seg_end = path.size();
      if (seg_end == j) return false;
      (*params)[pattern.substr(i + 1, close - i - 1)] = path.substr(j, seg_end - j);
      i = close + 1;
      j = seg_end;
    } else {
      if (pattern[i] != path[j]) return false;
      ++i;
      ++j;
    }
  }
  return i == pattern.size() && j == path.size();
}

std::string App::SessionCookie(const std::string& token, bool secure, int max_age_s) {
  std::string c = std::string(kCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (max_age_s >= 0) c += "; Max-Age=" + std::to_string(max_age_s);
  return c;
}

void App::AuditDenied(const Request& req, const Status& why) {
  RequestContext ctx = req.principal ? req.principal->ctx : RequestContext{};
  ctx.request_id = req.request_id;
  ctx.client_ip = req.client_ip;
  std::string region = req.principal ? req.principal->region_code : "";
  (void)db_.Tx([&](db::Conn& c) {
    return audit::AuditService::Record(c, ctx, "access.denied", "route",
                                       req.method + " " + req.path, region, std::nullopt,
                                       nlohmann::json{{"reason", why.message()}});
  });
}

int64_t App::BodyLimit(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  for (const auto& r : routes_)
    if (r.max_body_bytes > 0 && r.method == method && MatchPath(r.path, path, &params))
      return r.max_body_bytes;
  return opt_.body_limit_bytes;
}

bool App::RunsInline(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  for (const auto& r : routes_)
    if ((r.inline_on_io || r.async_handler) && r.method == method &&
        MatchPath(r.path, path, &params))
      return true;
  return false;
}

std::string App::ClientAddress(const std::string& peer, const std::string& forwarded_for,
                               const std::vector<std::string>& trusted) {
  auto is_trusted = [&](const std::string& a) {
    return std::find(trusted.begin(), trusted.end(), a) != trusted.end();
  };
  if (forwarded_for.empty() || !is_trusted(peer)) return peer;
  std::string client = peer;
  size_t end = forwarded_for.size();
  while (end > 0) {
    size_t start = forwarded_for.rfind(',', end - 1);
    start = start == std::string::npos ? 0 : start + 1;
    std::string a = forwarded_for.substr(start, end - start);
    a.erase(0, a.find_first_not_of(" \t"));
    a.erase(a.find_last_not_of(" \t") + 1);
    if (a.empty() || a.size() > 64) break;
    client = a;
    if (!is_trusted(a)) break;
    end = start == 0 ? 0 : start - 1;
  }
  return client;
}

Response App::MetricsPage(const Request& req) {
  bool allowed;
  if (!opt_.metrics_token.empty()) {
    std::string want = "Bearer " + opt_.metrics_token;
    std::string got = req.Header("authorization");
    allowed = got.size() == want.size() && crypto::ConstantTimeEquals(got, want);
  } else {
    const std::string& p = req.peer_ip.empty() ? req.client_ip : req.peer_ip;
    bool loopback = p == "127.0.0.1" || p == "::1" || p == "::ffff:127.0.0.1";
    allowed = loopback && req.Header("x-forwarded-for").empty() && req.Header("forwarded").empty();
  }
  if (!allowed) return Error(NotFound("no such resource"), req.request_id);
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_.Render();
  return r;
}

Response App::Handle(Request req) {
  std::promise<Response> answer;
  auto f = answer.get_future();
  HandleAsync(std::move(req), [&answer](Response r) { answer.set_value(std::move(r)); });
  return f.get();
}

void App::HandleAsync(Request req, Responder inner) {
  if (req.request_id.empty()) req.request_id = NextRequestId();
  if (req.peer_ip.empty()) req.peer_ip = req.client_ip;
  req.client_ip = ClientAddress(req.peer_ip, req.Header("x-forwarded-for"), opt_.trusted_proxies);
  // Every answer is counted once (route pattern, status class, latency).
  Responder done = [this, inner = std::move(inner), method = req.method,
                    t0 = std::chrono::steady_clock::now()](Response r) {
    if (r.route.empty()) r.route = "unmatched";
    metrics_.Observe(method, r.route, r.status,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    inner(std::move(r));
  };
  Response res;
  if (static_cast<int64_t>(req.body.size()) > BodyLimit(req.method, req.path)) {
    res =
        Error(Status(Code::kPayloadTooLarge, "request body is too large", "body"), req.request_id);
  } else if (req.path.rfind("/api/", 0) == 0 || req.path == "/healthz") {
    try {
      auto r = Dispatch(req, done);
      if (!r) return;  // an async handler answers through done
      res = std::move(*r);
    } catch (const std::exception& e) {
      res = Error(Internal(e.what()), req.request_id);
    }
    res.route = req.route;
    if (req.principal) res.user_id = req.principal->user_id;
  } else if (req.path == "/metrics" && req.method == "GET") {
    res = MetricsPage(req);
    res.route = "/metrics";
  } else if (req.method == "GET" || req.method == "HEAD") {
    res = Static(req);
    res.route = "static";
  } else {
    res = Error(NotFound("no such resource"), req.request_id);
  }
  SecurityHeaders(res, req.request_id);
  done(std::move(res));
}

void App::Shed(Request req, Responder done) {
  if (req.request_id.empty()) req.request_id = NextRequestId();
  Response res =
      Error(Status(Code::kUnavailable, "the server is busy; try again shortly").with_retry_after(1),
            req.request_id);
  SecurityHeaders(res, req.request_id);
  done(std::move(res));
}

std::optional<Response> App::Dispatch(Request& req, const Responder& done) {
  const Route* route = nullptr;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (r.method == req.method && MatchPath(r.path, req.path, &params)) {
      route = &r;
      req.route = r.path;
      req.params = std::move(params);
      break;
    }
  }
  if (!route) return Error(NotFound("no such API route"), req.request_id);
  // A half-read query would silently drop a filter: refuse it instead.
  if (req.malformed_query)
    return Error(Status(Code::kMalformed, "the query string has a bad %-escape", "query"),
                 req.request_id);
  req.session_token = CookieValue(req.Header("cookie"), kCookie);
  bool writes = req.method != "GET" && req.method != "HEAD";
  if (writes && !SameOrigin(req))
    return Error(PermissionDenied("cross-origin request refused"), req.request_id);
  if (route->access != Access::kPublic) {
    RequestContext ctx{std::nullopt, "", req.request_id, req.client_ip};
    auto p = auth_.Authenticate(req.session_token, ctx);
    if (!p.ok()) return Error(p.status(), req.request_id);
    req.principal = std::move(p).value();
    if (writes && !auth_.CheckCsrf(req.session_token, req.Header("x-csrf-token"))) {
      Status s = PermissionDenied("missing or wrong X-CSRF-Token header");
      AuditDenied(req, s);
      return Error(s, req.request_id);
    }
    if (req.principal->must_change_password && !route->allowed_before_password_change)
      return Error(PermissionDenied("change your password first"), req.request_id);
    if (req.principal->totp_enrolment_required && !route->allowed_before_password_change)
      return Error(PermissionDenied("set up two-factor authentication (TOTP) first"),
                   req.request_id);
    if (route->access == Access::kRoles) {
      bool ok = false;
      for (Role r : route->roles) ok |= (r == req.principal->role);
      if (!ok) {
        Status s = PermissionDenied("your role may not use this function");
        AuditDenied(req, s);
        return Error(s, req.request_id);
      }
    }
  }
  // Text reaches the database and the JSON answers; PostgreSQL refuses broken UTF-8.
  for (const auto* values : {&req.query, &req.params})
    for (const auto& [k, v] : *values)
      if (Utf8Length(k) < 0 || Utf8Length(v) < 0) {
        std::string name = Utf8Length(k) < 0 ? "query" : k;
        return Error(InvalidArgument(name, name + " is not valid UTF-8"), req.request_id);
      }
  if (route->async_handler && route->access == Access::kPublic) {
    // The handler answers later (from another thread); the headers go on then.
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Responder later = [done, answered, rid = req.request_id, pattern = route->path](Response r) {
      answered->store(true);
      r.route = pattern;
      SecurityHeaders(r, rid);
      done(std::move(r));
    };
    try {
      route->async_handler(req, std::move(later));
    } catch (...) {
      if (!answered->load()) throw;  // not answered yet: the error envelope answers
    }
    return std::nullopt;
  }
  Response res = route->handler(req);
  if (res.status == 403 && req.principal)
    AuditDenied(req, PermissionDenied(route->method + " " + route->path));
  return res;
}

Response App::Static(const Request& req) {
  if (opt_.web_root.empty()) return Error(NotFound("no web UI is installed"), req.request_id);
  std::string rel = req.path == "/" ? "/index.html" : req.path;
  if (rel.find("..") != std::string::npos) rel = "/index.html";
  namespace fs = std::filesystem;
  fs::path file = fs::path(opt_.web_root) / rel.substr(1);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    file = fs::path(opt_.web_root) / "index.html";  // SPA history fallback
    rel = "/index.html";
  }
  std::shared_ptr<const std::string> body;
  {
    std::lock_guard<std::mutex> lk(static_mu_);
    auto it = static_cache_.find(file.string());
    if (it != static_cache_.end()) body = it->second;
  }
  if (!body) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error(NotFound("no web UI is installed"), req.request_id);
    body = std::make_shared<const std::string>(std::istreambuf_iterator<char>(in),
                                               std::istreambuf_iterator<char>());
    std::lock_guard<std::mutex> lk(static_mu_);
    static_cache_[file.string()] = body;
  }
  Response r;
  r.content_type = ContentType(rel);
  r.body = *body;
  return r;
}

}  // namespace shuniu::http
