// Auth and user handlers: parse, call one service method, render.
#include "auth/auth_routes.h"

#include "core/utf8.h"
#include "http/app.h"

namespace shuniu::auth::routes {
namespace {

using http::Request;
using http::Response;

std::string RegionName(Deps& d, const std::string& code) {
  auto r = d.regions.Find(code);
  return (r.ok() && *r) ? (*r)->name : "";
}

nlohmann::json Render(Deps& d, const User& u) { return UserJson(u, RegionName(d, u.region_code)); }

Response SessionResponse(Deps& d, const LoginResult& lr) {
  Response res = Response::Json(200, {{"user", Render(d, lr.user)},
                                      {"csrf_token", lr.csrf_token},
                                      {"must_change_password", lr.must_change_password},
                                      {"totp_required", lr.totp_required}});
  res.headers.emplace_back(
      "Set-Cookie",
      http::App::SessionCookie(lr.session_token, d.secure_cookies, d.session_max_age_s));
  return res;
}

Result<Role> RoleField(const JsonInput& in, bool required) {
  auto s = required ? in.RequiredString("role", 1, 16) : in.RequiredString("role", 1, 16);
  if (!s.ok()) return s.status();
  auto r = ParseRole(*s);
  if (!r)
    return InvalidArgument("role", "role must be one of admin, staff, org, auditor, reviewer");
  return *r;
}

}  // namespace

http::Handler Login(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto in = http::ParseBody(req);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    const Status st = in->AllowOnly({"username", "password", "totp_code"});
    auto user = in->RequiredString("username", 1, 64);
    auto pass = in->RequiredString("password", 1, 1024);
    auto totp = in->OptionalString("totp_code", 10);
    for (const Status* s : {&st, &user.status(), &pass.status(), &totp.status()})
      if (!s->ok()) return http::Error(*s, req.request_id);
    RequestContext ctx{std::nullopt, *user, req.request_id, req.client_ip};
    auto lr = d.auth.Login(*user, *pass, totp->value_or(""), ctx);
    if (!lr.ok()) return http::Error(lr.status(), req.request_id);
    return SessionResponse(d, *lr);
  };
}

http::Handler Logout(Deps d) {
  return [d](const Request& req) mutable -> Response {
    Status st = d.auth.Logout(req.caller());
    if (!st.ok()) return http::Error(st, req.request_id);
    Response res = Response::NoContent();
    res.headers.emplace_back("Set-Cookie", http::App::SessionCookie("", d.secure_cookies, 0));
    return res;
  };
}

http::Handler Me(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto u = d.users.Get(req.caller(), req.caller().user_id);
    return http::Render(req, u, [&](const User& user) {
      return nlohmann::json{{"user", Render(d, user)},
                            {"csrf_token", d.auth.CsrfFor(req.session_token)},
                            {"must_change_password", req.caller().must_change_password},
                            {"totp_required", req.caller().totp_enrolment_required}};
    });
  };
}

http::Handler ChangePassword(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto in = http::ParseBody(req);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    const Status st = in->AllowOnly({"old_password", "new_password"});
    auto oldp = in->RequiredString("old_password", 1, 1024);
    auto newp = in->RequiredString("new_password", 1, 1024);
    for (const Status* s : {&st, &oldp.status(), &newp.status()})
      if (!s->ok()) return http::Error(*s, req.request_id);
    auto lr = d.auth.ChangePassword(req.caller(), *oldp, *newp);
    if (!lr.ok()) {
      Status s = lr.status();
      if (s.field() == "password") s = InvalidArgument("new_password", s.message());
      return http::Error(s, req.request_id);
    }
    return SessionResponse(d, *lr);
  };
}

http::Handler TotpSetup(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto r = d.auth.SetupTotp(req.caller());
    return http::Render(req, r, [](const auth::TotpSetup& t) {
      return nlohmann::json{{"secret", t.secret}, {"otpauth_uri", t.otpauth_uri}};
    });
  };
}

http::Handler TotpEnable(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto in = http::ParseBody(req);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    const Status st = in->AllowOnly({"code"});
    auto code = in->RequiredString("code", 6, 8);
    for (const Status* s : {&st, &code.status()})
      if (!s->ok()) return http::Error(*s, req.request_id);
    Status e = d.auth.EnableTotp(req.caller(), *code);
    return e.ok() ? Response::NoContent() : http::Error(e, req.request_id);
  };
}

http::Handler ListUsers(Deps d) {
  return [d](const Request& req) mutable -> Response {
    UserFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    if (auto it = req.query.find("q"); it != req.query.end()) f.q = Utf8Prefix(it->second, 64);
    if (auto it = req.query.find("region_code"); it != req.query.end())
      f.region_code = Utf8Prefix(it->second, 12);
    if (auto it = req.query.find("role"); it != req.query.end() && !it->second.empty()) {
      f.role = ParseRole(it->second);
      if (!f.role) return http::Error(InvalidArgument("role", "unknown role"), req.request_id);
    }
    auto r = d.users.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<User>, long long>& page) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& u : page.first) items.push_back(Render(d, u));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler CreateUser(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto in = http::ParseBody(req);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    const Status st =
        in->AllowOnly({"username", "display_name", "role", "region_code", "password", "org_id"});
    if (!st.ok()) return http::Error(st, req.request_id);
    auto username = in->RequiredString("username", 1, 64);
    auto display = in->RequiredString("display_name", 1, 100);
    auto role = RoleField(*in, true);
    auto region = in->RequiredString("region_code", 1, 12);
    auto password = in->RequiredString("password", 1, 1024);
    for (const Status* s : {&username.status(), &display.status(), &role.status(), &region.status(),
                            &password.status()})
      if (!s->ok()) return http::Error(*s, req.request_id);
    auto org_id = in->OptionalInt("org_id");
    if (!org_id.ok()) return http::Error(org_id.status(), req.request_id);
    auto u = d.users.Create(
        req.caller(), NewUser{*username, *display, *role, *region, *password, false, *org_id});
    return http::Render(
        req, u, [&](const User& user) { return Render(d, user); }, 201);
  };
}

http::Handler GetUser(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto u = d.users.Get(req.caller(), *id);
    return http::Render(req, u, [&](const User& user) { return Render(d, user); });
  };
}

http::Handler UpdateUser(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto in = http::ParseBody(req);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    const Status st = in->AllowOnly({"version", "display_name", "role", "region_code"});
    if (!st.ok()) return http::Error(st, req.request_id);
    UserPatch patch;
    auto version = in->RequiredInt("version");
    auto display = in->OptionalString("display_name", 100);
    auto region = in->OptionalString("region_code", 12);
    for (const Status* s : {&version.status(), &display.status(), &region.status()})
      if (!s->ok()) return http::Error(*s, req.request_id);
    if (display->has_value() && (*display)->empty())
      return http::Error(InvalidArgument("display_name", "display_name is required"),
                         req.request_id);
    if (in->Has("role")) {
      auto role = RoleField(*in, true);
      if (!role.ok()) return http::Error(role.status(), req.request_id);
      patch.role = *role;
    }
    patch.version = *version;
    patch.display_name = *display;
    patch.region_code = *region;
    auto u = d.users.Update(req.caller(), *id, patch);
    return http::Render(req, u, [&](const User& user) { return Render(d, user); });
  };
}

http::Handler ResetPassword(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    if (!req.body.empty()) {
      auto in = http::ParseBody(req);
      if (!in.ok()) return http::Error(in.status(), req.request_id);
      const Status st = in->AllowOnly({});
      if (!st.ok()) return http::Error(st, req.request_id);
    }
    auto pw = d.users.ResetPassword(req.caller(), *id);
    return http::Render(req, pw, [](const std::string& p) {
      return nlohmann::json{{"password", p}};
    });
  };
}

http::Handler LockUser(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto u = d.users.Lock(req.caller(), *id);
    return http::Render(req, u, [&](const User& user) { return Render(d, user); });
  };
}

http::Handler UnlockUser(Deps d) {
  return [d](const Request& req) mutable -> Response {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto u = d.users.Unlock(req.caller(), *id);
    return http::Render(req, u, [&](const User& user) { return Render(d, user); });
  };
}

}  // namespace shuniu::auth::routes
