// HTTP handlers for login, logout, me, password change, TOTP and users.
#pragma once

#include "auth/auth_service.h"
#include "auth/user_service.h"
#include "http/http.h"
#include "region/region_service.h"

namespace shuniu::auth::routes {

struct Deps {
  AuthService& auth;
  UserService& users;
  region::RegionService& regions;
  bool secure_cookies;
  int session_max_age_s;
};

http::Handler Login(Deps d);
http::Handler Logout(Deps d);
http::Handler Me(Deps d);
http::Handler ChangePassword(Deps d);
http::Handler TotpSetup(Deps d);
http::Handler TotpEnable(Deps d);
http::Handler ListUsers(Deps d);
http::Handler CreateUser(Deps d);
http::Handler GetUser(Deps d);
http::Handler UpdateUser(Deps d);
http::Handler ResetPassword(Deps d);
http::Handler LockUser(Deps d);
http::Handler UnlockUser(Deps d);

}  // namespace shuniu::auth::routes
