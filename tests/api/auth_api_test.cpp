// API behaviour of login, logout, me, lockout and body validation.
#include "api/harness.h"
#include "auth/totp.h"
#include "core/time.h"

namespace shuniu::testing {
namespace {

class AuthApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    MakeUser(*stack_.sys, "xh_staff", Role::kStaff, "440705000000");
  }
  Stack stack_;
};

TEST_F(AuthApiTest, LoginMeLogoutRoundTrip) {
  Client c(*stack_.app);
  auto r = c.Login("xh_staff", "Correct-Horse-2026");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = c.Json(r);
  EXPECT_EQ(body["user"]["username"], "xh_staff");
  EXPECT_EQ(body["user"]["region_name"], "新会区");
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
  EXPECT_FALSE(c.cookie.empty());

  auto me = c.Call("GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(c.Json(me)["user"]["role"], "staff");
  EXPECT_EQ(c.Json(me)["csrf_token"], body["csrf_token"]);

  EXPECT_EQ(c.Call("POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/me").status, 401);
}

TEST_F(AuthApiTest, FiveWrongPasswordsLockTheAccountEvenForTheRightPassword) {
  Client c(*stack_.app);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c.Login("xh_staff", "wrong-password-xx").status, 401);
  auto fifth = c.Login("xh_staff", "wrong-password-xx");
  EXPECT_EQ(fifth.status, 429);
  auto right = c.Login("xh_staff", "Correct-Horse-2026");
  EXPECT_EQ(right.status, 429);
  EXPECT_EQ(ErrorCode(right), "rate_limited");
  bool retry_after = false;
  for (auto& [k, v] : right.headers) retry_after |= (k == "Retry-After" && std::stoi(v) > 0);
  EXPECT_TRUE(retry_after);
}

TEST_F(AuthApiTest, BodyErrorsNameTheField) {
  Client c(*stack_.app);
  auto missing = c.Call("POST", "/api/v1/auth/login", R"({"username":"xh_staff"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(ErrorField(missing), "password");
  auto unknown = c.Call("POST", "/api/v1/auth/login",
                        R"({"username":"xh_staff","password":"x","admin":true})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(ErrorField(unknown), "admin");
  auto malformed = c.Call("POST", "/api/v1/auth/login", R"({"username":)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(ErrorCode(malformed), "malformed");
}

TEST_F(AuthApiTest, TotpEnrolmentThenLoginNeedsTheCodeAndTheSecretIsNotStoredInClear) {
  Client c(*stack_.app);
  ASSERT_EQ(c.Login("xh_staff", "Correct-Horse-2026").status, 200);
  auto setup = c.Call("POST", "/api/v1/auth/totp/setup", "{}");
  ASSERT_EQ(setup.status, 200) << setup.body;
  std::string secret = c.Json(setup)["secret"];
  EXPECT_NE(c.Json(setup)["otpauth_uri"].get<std::string>().find("otpauth://totp/"),
            std::string::npos);
  auto wrong = c.Call("POST", "/api/v1/auth/totp/enable", R"({"code":"000000"})");
  std::string good = auth::TotpCode(secret, NowMs() / 1000);
  if (good == "000000") good = auth::TotpCode(secret, NowMs() / 1000 + 30);
  EXPECT_EQ(wrong.status, 422);
  auto enable = c.Call("POST", "/api/v1/auth/totp/enable", nlohmann::json{{"code", good}}.dump());
  ASSERT_EQ(enable.status, 204) << enable.body;

  Client d(*stack_.app, "10.0.0.2");
  auto no_code = d.Login("xh_staff", "Correct-Horse-2026");
  EXPECT_EQ(no_code.status, 401);
  EXPECT_EQ(ErrorField(no_code), "totp_code");
  auto with_code = d.Call("POST", "/api/v1/auth/login",
                          nlohmann::json{{"username", "xh_staff"},
                                         {"password", "Correct-Horse-2026"},
                                         {"totp_code", auth::TotpCode(secret, NowMs() / 1000)}}
                              .dump());
  EXPECT_EQ(with_code.status, 200) << with_code.body;

  std::string stored;
  ASSERT_TRUE(stack_.sys->db
                  ->Read([&](db::Conn& conn) {
                    auto r = conn.QueryOne("SELECT totp_secret FROM users WHERE username = :1",
                                           {std::string("xh_staff")});
                    if (r.ok() && *r) stored = (*r)->Str(0);
                    return r.status();
                  })
                  .ok());
  EXPECT_FALSE(stored.empty());
  EXPECT_EQ(stored.find(secret), std::string::npos);
}

TEST(Dengbao3ProfileTest, AdminMustEnrolTotpBeforeAnythingElse) {
  Stack stack = MakeStack(true, "dengbao3");
  MakeUser(*stack.sys, "jm_admin", Role::kAdmin, "440700000000", "Jm@admin2026");
  Client c(*stack.app);
  auto login = c.Login("jm_admin", "Jm@admin2026");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(c.Json(login)["totp_required"].get<bool>());
  auto blocked = c.Call("GET", "/api/v1/users");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_TRUE(c.Json(c.Call("GET", "/api/v1/auth/me"))["totp_required"].get<bool>());
  auto setup = c.Call("POST", "/api/v1/auth/totp/setup", "{}");
  ASSERT_EQ(setup.status, 200);
  std::string secret = c.Json(setup)["secret"];
  auto enable = c.Call("POST", "/api/v1/auth/totp/enable",
                       nlohmann::json{{"code", auth::TotpCode(secret, NowMs() / 1000)}}.dump());
  ASSERT_EQ(enable.status, 204) << enable.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/users").status, 200);
}

TEST(Dengbao3ProfileTest, ShortThreeClassPasswordsPassAndTheLastFiveCannotBeReused) {
  Stack stack = MakeStack(true, "dengbao3");
  MakeUser(*stack.sys, "xh_staff", Role::kStaff, "440705000000", "Xh#staff1");
  Client c(*stack.app);
  ASSERT_EQ(c.Login("xh_staff", "Xh#staff1").status, 200);
  auto change = [&](const std::string& from, const std::string& to) {
    return c.Call("POST", "/api/v1/auth/password",
                  nlohmann::json{{"old_password", from}, {"new_password", to}}.dump());
  };
  auto weak = change("Xh#staff1", "abcdefgh");
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(ErrorField(weak), "new_password");
  ASSERT_EQ(change("Xh#staff1", "Second#22").status, 200);
  c.set_csrf(c.Json(c.Call("GET", "/api/v1/auth/me"))["csrf_token"]);
  auto reuse = change("Second#22", "Xh#staff1");
  EXPECT_EQ(reuse.status, 422);
  EXPECT_EQ(ErrorField(reuse), "new_password");
}

TEST(Dengbao3ProfileTest, PasswordsExpireAfterNinetyDays) {
  Stack stack = MakeStack(true, "dengbao3");
  MakeUser(*stack.sys, "xh_staff", Role::kStaff, "440705000000", "Xh#staff1");
  ClockShift clock;
  clock.Set(89LL * 24 * 60 * ClockShift::kMinute);
  Client early(*stack.app);
  EXPECT_FALSE(
      early.Json(early.Login("xh_staff", "Xh#staff1"))["must_change_password"].get<bool>());
  clock.Set(91LL * 24 * 60 * ClockShift::kMinute);
  Client late(*stack.app);
  auto login = late.Login("xh_staff", "Xh#staff1");
  ASSERT_EQ(login.status, 200);
  EXPECT_TRUE(late.Json(login)["must_change_password"].get<bool>());
  EXPECT_EQ(late.Call("GET", "/api/v1/regions/440705000000").status, 403);
}

TEST(AsvsProfileTest, EightCharacterPasswordsAreTooShort) {
  Stack stack = MakeStack(true, "asvs");
  auto u = stack.sys->users->Create(stack.sys->users->CliPrincipal("test"),
                                    auth::NewUser{"xh_staff", "x", Role::kStaff, "440705000000",
                                                  "Xh#staff1", false, std::nullopt});
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().field(), "password");
}

}  // namespace
}  // namespace shuniu::testing
