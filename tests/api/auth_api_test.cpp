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

}  // namespace
}  // namespace shuniu::testing
