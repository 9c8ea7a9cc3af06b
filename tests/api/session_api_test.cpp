// Sessions over the API: CSRF token and Origin checks, idle and absolute
// timeouts, revocation on password change, login auditing and the per-IP throttle.
#include "api/harness.h"

namespace shuniu::testing {
namespace {

constexpr int64_t kMinute = ClockShift::kMinute;

std::string StaffBody(const std::string& username) {
  return nlohmann::json{{"username", username},
                        {"display_name", username},
                        {"role", "staff"},
                        {"region_code", "440705001000"},
                        {"password", kPassword}}
      .dump();
}

class SessionApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    MakeUser(*stack_.sys, "admin", Role::kAdmin, "440700000000");
    MakeUser(*stack_.sys, "xh_staff", Role::kStaff, "440705000000");
  }

  bool Exists(const std::string& username) {
    auto u = stack_.sys->users->FindByUsername(username);
    return u.ok() && u->has_value();
  }

  Stack stack_;
  ClockShift clock_;  // resets the clock offset when the test ends
};

TEST_F(SessionApiTest, WriteWithoutCsrfTokenIsRefusedAndWritesNothing) {
  Client admin = LoggedIn(stack_, "admin");
  std::string token = admin.csrf();
  long long denied = CountEvents(*stack_.sys, "access.denied");
  long long created = CountEvents(*stack_.sys, "user.create");
  admin.set_csrf("");
  auto r = admin.Call("POST", "/api/v1/users", StaffBody("no.csrf"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorCode(r), "permission_denied");
  EXPECT_FALSE(Exists("no.csrf"));
  EXPECT_EQ(CountEvents(*stack_.sys, "user.create"), created);
  EXPECT_EQ(CountEvents(*stack_.sys, "access.denied"), denied + 1);  // the refusal is audited

  admin.set_csrf(token + "0");
  EXPECT_EQ(admin.Call("POST", "/api/v1/users", StaffBody("bad.csrf")).status, 403);
  Client other = LoggedIn(stack_, "xh_staff");  // another session's token does not fit
  admin.set_csrf(other.csrf());
  EXPECT_EQ(admin.Call("POST", "/api/v1/users", StaffBody("foreign.csrf")).status, 403);
  EXPECT_EQ(admin.Call("POST", "/api/v1/auth/logout").status, 403);
  EXPECT_FALSE(Exists("bad.csrf"));
  EXPECT_FALSE(Exists("foreign.csrf"));

  admin.set_csrf("");  // reads need no token
  EXPECT_EQ(admin.Call("GET", "/api/v1/auth/me").status, 200);
  admin.set_csrf(token);
  EXPECT_EQ(admin.Call("POST", "/api/v1/users", StaffBody("with.csrf")).status, 201);
}

TEST_F(SessionApiTest, ForeignOriginIsRefusedEvenWithTheToken) {
  Client admin = LoggedIn(stack_, "admin");
  admin.headers["origin"] = "https://evil.example";
  EXPECT_EQ(admin.Call("POST", "/api/v1/users", StaffBody("cross.site")).status, 403);
  EXPECT_FALSE(Exists("cross.site"));
  admin.headers["origin"] = "http://127.0.0.1:8080.evil.example";
  EXPECT_EQ(admin.Call("POST", "/api/v1/users", StaffBody("cross.site2")).status, 403);
  // login CSRF: a foreign page cannot log the browser in either
  Client anon(*stack_.app);
  anon.headers["origin"] = "https://evil.example";
  EXPECT_EQ(anon.Login("xh_staff", kPassword).status, 403);
  EXPECT_TRUE(anon.cookie.empty());

  admin.headers["origin"] = "http://127.0.0.1:8080";  // same origin
  EXPECT_EQ(admin.Call("POST", "/api/v1/users", StaffBody("same.site")).status, 201);
  admin.headers["origin"] = "https://evil.example";  // reads are not state-changing
  EXPECT_EQ(admin.Call("GET", "/api/v1/auth/me").status, 200);
}

TEST_F(SessionApiTest, LoginSetsAFreshStrictHttpOnlyCookie) {
  Client a(*stack_.app);
  auto r = a.Login("xh_staff", kPassword);
  ASSERT_EQ(r.status, 200);
  std::string cookie = HeaderOf(r, "Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos);  // 12 h
  EXPECT_GE(a.cookie.size(), 22u);                             // ≥ 128 bits of text
  std::string first = a.cookie;
  ASSERT_EQ(a.Login("xh_staff", kPassword).status, 200);
  EXPECT_NE(a.cookie, first);
  Client junk(*stack_.app);
  junk.cookie = "forged-token";
  EXPECT_EQ(junk.Call("GET", "/api/v1/auth/me").status, 401);
  junk.cookie = std::string(100, 'a');
  EXPECT_EQ(junk.Call("GET", "/api/v1/auth/me").status, 401);
}

TEST_F(SessionApiTest, IdleSessionExpiresAfterThirtyMinutes) {
  Client c = LoggedIn(stack_, "xh_staff");
  clock_.Set(29 * kMinute);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/me").status, 200);  // activity slides the window
  clock_.Set(58 * kMinute);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/me").status, 200);
  clock_.Set(89 * kMinute);
  auto r = c.Call("GET", "/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(ErrorCode(r), "unauthenticated");
  clock_.Set(0);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/me").status, 401);  // the session is gone for good
}

TEST_F(SessionApiTest, IdleTimeoutWithoutActivity) {
  Client c = LoggedIn(stack_, "xh_staff");
  clock_.Set(31 * kMinute);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/me").status, 401);
}

TEST_F(SessionApiTest, ActiveSessionEndsAfterTwelveHours) {
  Client c = LoggedIn(stack_, "xh_staff");
  for (int64_t t = 25; t < 12 * 60; t += 25) {
    clock_.Set(t * kMinute);
    ASSERT_EQ(c.Call("GET", "/api/v1/auth/me").status, 200) << t << " min";
  }
  clock_.Set(12 * 60 * kMinute + kMinute);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/me").status, 401);
}

TEST_F(SessionApiTest, PasswordChangeRevokesEveryOldSession) {
  Client a = LoggedIn(stack_, "xh_staff");
  Client b = LoggedIn(stack_, "xh_staff");
  std::string old_cookie = a.cookie;
  auto r = a.Call(
      "POST", "/api/v1/auth/password",
      nlohmann::json{{"old_password", kPassword}, {"new_password", "Another-Secret-2027"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(a.cookie, old_cookie);
  EXPECT_EQ(a.Call("GET", "/api/v1/auth/me").status, 200);
  EXPECT_EQ(b.Call("GET", "/api/v1/auth/me").status, 401);
  Client stale(*stack_.app);
  stale.cookie = old_cookie;
  EXPECT_EQ(stale.Call("GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(Client(*stack_.app).Login("xh_staff", kPassword).status, 401);
  EXPECT_EQ(CountEvents(*stack_.sys, "auth.password_change"), 1);
}

TEST_F(SessionApiTest, WrongOldPasswordChangesNothing) {
  Client a = LoggedIn(stack_, "xh_staff");
  auto r = a.Call(
      "POST", "/api/v1/auth/password",
      nlohmann::json{{"old_password", "not-the-password"}, {"new_password", "Another-Secret-2027"}}
          .dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "old_password");
  auto weak = a.Call("POST", "/api/v1/auth/password",
                     nlohmann::json{{"old_password", kPassword}, {"new_password", "short"}}.dump());
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(ErrorField(weak), "new_password");
  EXPECT_EQ(a.Call("GET", "/api/v1/auth/me").status, 200);
  EXPECT_EQ(Client(*stack_.app).Login("xh_staff", kPassword).status, 200);
}

TEST_F(SessionApiTest, LoginsAndFailuresAreAudited) {
  Client c(*stack_.app, "10.9.9.9");
  ASSERT_EQ(c.Login("xh_staff", kPassword).status, 200);
  EXPECT_EQ(c.Login("xh_staff", "wrong-password-1").status, 401);
  EXPECT_EQ(c.Login("nobody.here", "wrong-password-1").status, 401);
  Client admin = LoggedIn(stack_, "admin");
  auto j = admin.Json(admin.Call("GET", "/api/v1/audit-events?action=auth.login&size=50"));
  int ok = 0, failed_known = 0, failed_unknown = 0;
  for (auto& e : j["items"]) {
    if (e["client_ip"] != "10.9.9.9") continue;
    if (e["action"] == "auth.login" && e["actor_name"] == "xh_staff") ++ok;
    if (e["action"] == "auth.login_failed" && e["actor_name"] == "xh_staff") ++failed_known;
    if (e["action"] == "auth.login_failed" && e["actor_name"] == "nobody.here") ++failed_unknown;
    EXPECT_EQ(e.dump().find("wrong-password"), std::string::npos);  // no secrets in the log
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(failed_known, 1);
  EXPECT_EQ(failed_unknown, 1);
}

TEST_F(SessionApiTest, ManyFailuresFromOneAddressAreThrottled) {
  const int limit = stack_.sys->cfg.login_ip_max_failures;
  Client attacker(*stack_.app, "203.0.113.7");
  int throttled_at = 0;
  for (int i = 0; i < limit + 5 && !throttled_at; ++i) {
    auto r = attacker.Login("guess" + std::to_string(i), "Wrong-Password-" + std::to_string(i));
    if (r.status == 429) {
      throttled_at = i;
    } else {
      EXPECT_EQ(r.status, 401) << i;
    }
  }
  EXPECT_EQ(throttled_at, limit);
  auto right = attacker.Login("xh_staff", kPassword);  // even the right password waits
  EXPECT_EQ(right.status, 429);
  EXPECT_GT(std::stoi(HeaderOf(right, "Retry-After")), 0);
  EXPECT_GE(CountEvents(*stack_.sys, "auth.login_throttled"), 2);
  EXPECT_EQ(Client(*stack_.app, "203.0.113.8").Login("xh_staff", kPassword).status, 200);
  clock_.Set(16 * kMinute);  // the window passes
  EXPECT_EQ(attacker.Login("xh_staff", kPassword).status, 200);
}

}  // namespace
}  // namespace shuniu::testing
