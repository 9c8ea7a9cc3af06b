// routes_fuzz body: a request to any route of the live route table, as one of the
// fixture callers, with fuzzed path values, query string and body. The answer must
// be an HTTP answer the API documents (2xx/4xx, JSON error envelope), never a 5xx.
#include <nlohmann/json.hpp>
#include <set>

#include "app/system.h"
#include "http/app.h"
#include "targets/targets.h"

namespace shuniu::fuzz {
namespace {

constexpr const char* kPassword = "Fuzz-Fixture-Pass-2026!";
constexpr const char* kCallerIp = "10.9.0.1";   // the fuzzed requests
constexpr const char* kFixtureIp = "10.9.0.2";  // the fixture's own logins

// Routes that may answer 5xx by design, "METHOD template" (none today).
const std::set<std::string> kMay5xx = {};

struct Caller {
  std::string name;
  Role role;
  std::string region;
  long long user_id = 0;
  std::string token = "", csrf = "";
};

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(sep, pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
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

}  // namespace

struct RoutesTarget::Impl {
  app::System& sys;
  http::App& app;
  std::vector<Caller> callers;
  long long org_id = 0, victim_user_id = 0, last_id = 0;
  bool replacement_seen = false;
  std::array<long long, 6> answers{};

  Impl(app::System& s, http::App& a) : sys(s), app(a) {}

  void Setup() {
    Principal cli = sys.users->CliPrincipal("fuzz");
    org::OrgInput in;
    in.v = {{"name", "江门市向日葵家庭教育指导中心"},
            {"kind", "micro_org"},
            {"region_code", "440705000000"}};
    in.present = {"name", "kind", "region_code"};
    Principal wide = cli;
    wide.region_code = "440700000000";
    auto o = sys.orgs->Create(wide, in);
    Check(o.ok(), "fixture organization: " + (o.ok() ? "" : o.status().message()));
    if (o.ok()) org_id = o->org.id;
    callers = {
        {"admin", Role::kAdmin, "440700000000"},     {"staff", Role::kStaff, "440700000000"},
        {"xhstaff", Role::kStaff, "440705000000"},   {"org", Role::kOrg, "440705000000"},
        {"auditor", Role::kAuditor, "440700000000"}, {"reviewer", Role::kReviewer, "440700000000"}};
    for (auto& c : callers) {
      auth::NewUser nu;
      nu.username = "fz_" + c.name + "_q7";
      nu.display_name = c.name;
      nu.role = c.role;
      nu.region_code = c.region;
      nu.password = kPassword;
      if (c.role == Role::kOrg) nu.org_id = org_id;
      auto u = sys.users->Create(cli, nu);
      Check(u.ok(), "fixture user " + c.name + ": " + (u.ok() ? "" : u.status().message()));
      if (u.ok()) c.user_id = u->id;
      LogIn(c);
    }
    auth::NewUser victim;
    victim.username = "fz_victim";
    victim.display_name = "被测账号";
    victim.role = Role::kStaff;
    victim.region_code = "440705000000";
    victim.password = kPassword;
    auto v = sys.users->Create(cli, victim);
    if (v.ok()) victim_user_id = v->id;
  }

  // A fresh session for a fixture caller (after a fuzzed logout, lock or reset).
  void LogIn(Caller& c) {
    RequestContext ctx{std::nullopt, "", "fuzz-fixture", kFixtureIp};
    auto r = sys.auth->Login("fz_" + c.name + "_q7", kPassword, "", ctx);
    if (!r.ok() || r->must_change_password) {
      // Unlock, set a temporary password (which must be changed) and change it back.
      Principal cli = sys.users->CliPrincipal("fuzz");
      std::string temp = std::string(kPassword) + "-temp";
      (void)sys.users->Unlock(cli, c.user_id);
      (void)sys.users->SetPasswordFor(cli, c.user_id, temp);
      r = sys.auth->Login("fz_" + c.name + "_q7", temp, "", ctx);
      if (r.ok()) r = sys.auth->ChangePassword(PrincipalFor(c, *r), temp, kPassword);
    }
    Check(r.ok(), "fixture login of " + c.name + ": " + (r.ok() ? "" : r.status().message()));
    if (!r.ok()) return;
    c.token = r->session_token;
    c.csrf = r->csrf_token;
  }

  Principal PrincipalFor(const Caller& c, const auth::LoginResult& lr) {
    RequestContext ctx{std::nullopt, "", "fuzz-fixture", kFixtureIp};
    auto p = sys.auth->Authenticate(lr.session_token, ctx);
    return p.ok() ? *p : sys.users->CliPrincipal(c.name);
  }

  const http::Route& Pick(const std::string& selector) {
    const auto& routes = app.routes();
    for (const auto& r : routes)
      if (r.method + " " + r.path == selector) return r;
    return routes[std::hash<std::string>{}(selector) % routes.size()];
  }

  std::string Value(const std::string& token) {
    if (token == "$org") return std::to_string(org_id);
    if (token == "$user") return std::to_string(victim_user_id);
    if (token == "$last" || token.empty()) return std::to_string(last_id ? last_id : 1);
    return token;
  }

  // The template with its {params} filled in order from `values`.
  std::string Fill(const std::string& path, const std::vector<std::string>& values) {
    std::string out;
    size_t next = 0;
    for (size_t i = 0; i < path.size(); ++i) {
      if (path[i] != '{') {
        out += path[i];
        continue;
      }
      size_t close = path.find('}', i);
      out += Value(next < values.size() ? values[next] : "");
      ++next;
      i = close;
    }
    return out;
  }

  void Run(std::string_view input) {
    // Broken UTF-8 in an answer shows as U+FFFD (Response::Json replaces it): text was
    // cut inside a character or stored unchecked, and PostgreSQL would have refused it.
    // Once an input carried U+FFFD itself (raw or as a JSON escape), stored data may too.
    std::string lower(input);
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower.find("\xEF\xBF\xBD") != std::string::npos ||
        lower.find("\\ufffd") != std::string::npos || lower.find("%ef%bf%bd") != std::string::npos)
      replacement_seen = true;
    const http::Route& route = Pick(Line(input));
    std::vector<std::string> who = Split(Line(input), ' ');
    std::string query = Line(input);
    Caller* caller = nullptr;
    for (auto& c : callers)
      if (!who.empty() && who[0] == c.name) caller = &c;
    std::vector<std::string> values(who.empty() ? who.begin() : who.begin() + 1, who.end());

    http::Request req;
    req.method = route.method;
    http::App::ParseTarget(Fill(route.path, values) + (query.empty() ? "" : "?" + query), &req);
    req.body = std::string(input);
    req.client_ip = kCallerIp;
    req.headers["host"] = "127.0.0.1:8080";
    req.headers["content-type"] = "application/json";
    // A body opening with a multipart delimiter is an upload (imports, attachments).
    size_t crlf = req.body.find("\r\n");
    if (req.body.rfind("--", 0) == 0 && crlf != std::string::npos)
      req.headers["content-type"] = "multipart/form-data; boundary=" + req.body.substr(2, crlf - 2);
    if (caller) {
      req.headers["cookie"] = "shuniu_session=" + caller->token;
      req.headers["x-csrf-token"] = caller->csrf;
    }
    http::Response res = app.Handle(std::move(req));
    std::string what = route.method + " " + route.path;
    if (res.status >= 100 && res.status < 600) ++answers[res.status / 100];
    if (res.status >= 500)
      Check(kMay5xx.count(what) > 0, what + " answered " + std::to_string(res.status) + " as " +
                                         (caller ? caller->name : "anonymous") + ": " + res.body);
    Check(res.status >= 200 && res.status < 600, what + " answered " + std::to_string(res.status));
    if (res.status >= 400 && res.content_type.rfind("application/json", 0) == 0) {
      auto j = nlohmann::json::parse(res.body, nullptr, false);
      Check(!j.is_discarded() && j.contains("error"), what + " error is not the envelope");
    }
    bool json = res.content_type.rfind("application/json", 0) == 0;
    Check(replacement_seen || !json || res.body.find("\xEF\xBF\xBD") == std::string::npos,
          what + " answered with broken UTF-8 (U+FFFD): " + res.body.substr(0, 300));
    if (res.status == 201 && res.content_type.rfind("application/json", 0) == 0) {
      auto j = nlohmann::json::parse(res.body, nullptr, false);
      if (j.is_object() && j.contains("id") && j["id"].is_number_integer())
        last_id = j["id"].get<long long>();
    }
    // A fuzzed logout, lock or password reset of a fixture caller: log in again.
    if (caller && res.status == 401) LogIn(*caller);
    if (caller && res.status == 403 && res.body.find("password") != std::string::npos)
      LogIn(*caller);
  }
};

RoutesTarget::RoutesTarget(app::System& sys, http::App& app)
    : impl_(std::make_unique<Impl>(sys, app)) {
  impl_->Setup();
}
RoutesTarget::~RoutesTarget() = default;
void RoutesTarget::Run(std::string_view input) { impl_->Run(input); }
const std::array<long long, 6>& RoutesTarget::answers() const { return impl_->answers; }

}  // namespace shuniu::fuzz
