// http_fuzz body: request parsing in src/http — the request target (percent-decoding,
// query string), path parameters, the session cookie and headers — and then the whole
// pipeline (App::Handle: routing, session, same-origin and CSRF checks, error
// envelope, security headers) on a small route table of its own.
#include <nlohmann/json.hpp>

#include "app/system.h"
#include "core/url.h"
#include "http/app.h"
#include "targets/targets.h"

namespace shuniu::fuzz {
namespace {

constexpr const char* kPassword = "Fuzz-Http-Pass-2026!";

std::string Encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string Line(std::string_view& in) {
  size_t eol = in.find('\n');
  std::string line(in.substr(0, eol));
  in = eol == std::string_view::npos ? std::string_view() : in.substr(eol + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Route templates shaped like the real table's (one, two and trailing parameters).
const std::vector<std::string>& Templates() {
  static const std::vector<std::string> k = {
      "/api/v1/orgs",
      "/api/v1/orgs/{id}",
      "/api/v1/orgs/{id}/history",
      "/api/v1/regions/{code}/children",
      "/api/v1/projects/{id}/contracts/{contract}/milestones/{milestone}",
      "/api/v1/public/competitions/{id}",
      "/api/v1/files/{id}/download"};
  return k;
}

http::Response Echo(const http::Request& r) {
  nlohmann::json params = nlohmann::json::object(), query = nlohmann::json::object();
  for (auto& [k, v] : r.params) params[k] = v;
  for (auto& [k, v] : r.query) query[k] = v;
  return http::Response::Json(200, {{"params", params}, {"query", query}});
}

std::vector<http::Route> EchoRoutes() {
  using http::Access;
  return {
      {"GET", "/api/v1/echo/{a}/items/{b}", Access::kPublic, {}, "echo", "fuzz", Echo},
      {"POST", "/api/v1/echo/{a}", Access::kLoggedIn, {}, "echo", "fuzz", Echo},
      {"GET", "/api/v1/admin-only", Access::kRoles, {Role::kAdmin}, "echo", "fuzz", Echo},
      {"POST",
       "/api/v1/upload",
       Access::kPublic,
       {},
       "echo",
       "fuzz",
       Echo,
       false,
       false,
       nullptr,
       64},
  };
}

void CheckTarget(const std::string& target) {
  http::Request r;
  http::App::ParseTarget(target, &r);
  std::string raw_path = target.substr(0, target.find('?'));
  if (raw_path.find('%') == std::string::npos)
    Check(r.path == raw_path, "a path without escapes was changed");
  std::string decoded;
  Check(PercentDecode(Encode(target), &decoded, false) && decoded == target,
        "percent-decoding does not invert percent-encoding");
  if (r.malformed_query) return;
  // The decoded query, encoded again, reads back the same.
  std::string qs;
  for (auto& [k, v] : r.query) qs += (qs.empty() ? "" : "&") + Encode(k) + "=" + Encode(v);
  std::map<std::string, std::string> again;
  Check(http::App::ParseQuery(qs, &again) && again == r.query, "query round trip changed it");
  for (const auto& t : Templates()) {
    std::map<std::string, std::string> params;
    if (!http::App::MatchPath(t, r.path, &params)) continue;
    // Filling the template with the parameters gives back the path.
    std::string filled;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] != '{') {
        filled += t[i];
        continue;
      }
      size_t close = t.find('}', i);
      const std::string& v = params[t.substr(i + 1, close - i - 1)];
      Check(!v.empty() && v.find('/') == std::string::npos, "a path parameter spans segments");
      filled += v;
      i = close;
    }
    Check(filled == r.path, "MatchPath parameters do not rebuild the path " + r.path);
  }
}

}  // namespace

struct HttpTarget::Impl {
  app::System& sys;
  std::unique_ptr<http::App> app;
  std::string token, csrf;

  explicit Impl(app::System& s) : sys(s) {
    app = std::make_unique<http::App>(EchoRoutes(), *sys.auth, *sys.db,
                                      http::AppOptions{1 << 20, "", false, 30, "", {}});
    auth::NewUser nu;
    nu.username = "fz_http_admin";
    nu.display_name = "fuzz";
    nu.role = Role::kAdmin;
    nu.region_code = "440700000000";
    nu.password = kPassword;
    auto u = sys.users->Create(sys.users->CliPrincipal("fuzz"), nu);
    Check(u.ok(), "http fixture user: " + (u.ok() ? "" : u.status().message()));
    Login();
  }

  void Login() {
    auto r = sys.auth->Login("fz_http_admin", kPassword, "",
                             RequestContext{std::nullopt, "", "fuzz", "10.9.1.2"});
    Check(r.ok(), "http fixture login: " + (r.ok() ? "" : r.status().message()));
    if (r.ok()) token = r->session_token, csrf = r->csrf_token;
  }

  void Run(std::string_view input) {
    http::Request req;
    req.method = Line(input);
    std::string target = Line(input);
    CheckTarget(target);
    http::App::ParseTarget(target, &req);
    std::string cookie = Line(input);
    size_t at = cookie.find("$session");
    if (at != std::string::npos) cookie.replace(at, 8, token);
    req.headers["cookie"] = cookie;
    while (!input.empty()) {
      std::string line = Line(input);
      if (line.empty()) break;
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      if (value == "$csrf") value = csrf;
      req.headers[name] = value;
    }
    req.body = std::string(input);
    req.client_ip = "10.9.1.1";
    cookie = req.Header("cookie");
    std::string session = http::App::CookieValue(cookie, "shuniu_session");
    if (!session.empty())
      Check(cookie.find("shuniu_session=" + session) != std::string::npos,
            "CookieValue returned what the header does not hold");
    std::string method = req.method, path = req.path, origin = req.Header("origin"),
                host = req.Header("host"), csrf_header = req.Header("x-csrf-token");
    bool logged_in = session == token && !token.empty();
    http::Response res = app->Handle(std::move(req));
    std::string what = method + " " + path + " → " + std::to_string(res.status) + " " + res.body;
    Check(res.status < 500, "the pipeline answered 5xx: " + what);
    bool nosniff = false;
    for (auto& [k, v] : res.headers) nosniff |= k == "X-Content-Type-Options" && v == "nosniff";
    Check(nosniff, "a response lacks the security headers: " + what);
    if (method == "POST" && path.rfind("/api/v1/echo/", 0) == 0 && res.status != 404 &&
        res.status != 413) {
      bool same_origin =
          origin.empty() || origin == "http://" + host || origin == "https://" + host;
      bool allowed = logged_in && same_origin && csrf_header == csrf;
      // Allowed requests reach the handler unless a path or query value is not UTF-8 (422).
      Check(allowed ? res.status == 200 || res.status == 422 : res.status != 200,
            "CSRF/origin/session check wrong: " + what);
    }
    if (method == "GET" && path == "/api/v1/admin-only")
      Check(logged_in ? res.status == 200 || res.status == 422 : res.status == 401,
            "role check wrong: " + what);
    // A fuzzed request never ends the fixture session; log in again if it did.
    if (token.empty()) Login();
  }
};

HttpTarget::HttpTarget(app::System& sys) : impl_(std::make_unique<Impl>(sys)) {}
HttpTarget::~HttpTarget() = default;
void HttpTarget::Run(std::string_view input) { impl_->Run(input); }

}  // namespace shuniu::fuzz
