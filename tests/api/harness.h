// Test harness: a fresh Shuniu system on a real database (a temp SQLite file, or
// the PostgreSQL server named by SHUNIU_TEST_DB with the schema reset), with the
// Jiangmen regions loaded, and an in-process client that drives http::App.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/system.h"
#include "core/time.h"
#include "http/app.h"

namespace shuniu::testing {

// Opens a migrated, empty system (regions of Jiangmen imported when `regions`).
// Files are stored under the test's temp directory; `files_storage` is dir or db.
std::unique_ptr<app::System> FreshSystem(bool regions = true,
                                         const std::string& password_policy = "asvs",
                                         const std::string& files_storage = "dir");
// Creates an account directly through the service (as the CLI does); `org_id`
// links an org account to its organization.
auth::User MakeUser(app::System& sys, const std::string& username, Role role,
                    const std::string& region, const std::string& password = "Correct-Horse-2026",
                    std::optional<long long> org_id = std::nullopt);

// Creates an unregistered organization (micro_org) in `region` through the service.
long long MakeOrg(app::System& sys, const std::string& name, const std::string& region);

// A browser-like client: keeps the session cookie and CSRF token.
class Client {
 public:
  explicit Client(http::App& app, std::string ip = "10.0.0.1") : app_(app), ip_(std::move(ip)) {}
  http::Response Call(const std::string& method, const std::string& target,
                      const std::string& body = "");
  http::Response Login(const std::string& username, const std::string& password);
  nlohmann::json Json(const http::Response& r) const { return nlohmann::json::parse(r.body); }
  void set_csrf(std::string t) { csrf_ = std::move(t); }
  const std::string& csrf() const { return csrf_; }
  std::string cookie;
  std::map<std::string, std::string> headers;  // extra request headers (lower-case names)

 private:
  // With SHUNIU_FUZZ_CAPTURE=FILE, appends the request as one JSON line (route
  // template, caller role, query, body, status): seeds for fuzz/corpus/routes.
  void Capture(const std::string& method, const std::string& target, const std::string& body,
               int status) const;

  http::App& app_;
  std::string ip_;
  std::string csrf_;
  std::string role_;  // of the logged-in user, for Capture
};

// A system plus an App wired with the real route table.
struct Stack {
  std::unique_ptr<app::System> sys;
  std::unique_ptr<http::Services> services;
  std::unique_ptr<http::App> app;
};
Stack MakeStack(bool regions = true, const std::string& password_policy = "asvs",
                const std::string& files_storage = "dir");
// A stack whose database holds the Jiangmen demo. app::LoadDemo runs on a fresh
// database in the first call of the test process; later calls get a copy of
// what it loaded (the SQLite file, or PostgreSQL's rows), which is the same
// database and saves the load (seconds on PostgreSQL) in every demo test.
Stack MakeDemoStack();
// The accounts (with their generated passwords) that the demo load returned.
const std::vector<app::DemoAccount>& DemoAccounts();

std::string ErrorCode(const http::Response& r);
std::string ErrorField(const http::Response& r);

inline const char* kPassword = "Correct-Horse-2026";  // MakeUser's default
// A client logged in as `username` (the login must succeed).
Client LoggedIn(Stack& s, const std::string& username, const std::string& password = kPassword);
// Audit events whose action starts with `action` (all regions).
long long CountEvents(app::System& sys, const std::string& action);
// The report counts kept on every organization write (org_report_counts) equal a
// rebuild from the organizations (compared in a transaction that is rolled back).
void ExpectReportCountsFresh(app::System& sys);
// Runs raw SQL in a transaction (fixtures and tampering only).
Status ExecSql(app::System& sys, const std::string& sql, const std::vector<db::Value>& params = {});
// Pays `amount` of a contract milestone the way a released tranche does
// (ProjectService::WritePayment, one transaction), for tests whose subject is not
// the tranche workflow itself. Returns the payment id.
Result<long long> PayMilestone(app::System& sys, long long contract, long long milestone,
                               long long amount, long long approver_id,
                               const std::string& paid_on = "2026-03-20");
// The first column of the first row of a query ("" / 0 when there is no row).
std::string QueryStr(app::System& sys, const std::string& sql,
                     const std::vector<db::Value>& params = {});
long long QueryInt(app::System& sys, const std::string& sql,
                   const std::vector<db::Value>& params = {});
// A response header's value, "" when absent.
std::string HeaderOf(const http::Response& r, const std::string& name);

// Moves the clock (core/time.h) forward for its lifetime.
class ClockShift {
 public:
  ClockShift() = default;
  ClockShift(const ClockShift&) = delete;
  ClockShift& operator=(const ClockShift&) = delete;
  ~ClockShift() { SetClockOffsetMs(0); }
  void Set(int64_t ms) { SetClockOffsetMs(ms); }
  static constexpr int64_t kMinute = 60 * 1000;
};

}  // namespace shuniu::testing
