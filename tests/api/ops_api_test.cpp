// Operational basics: GET /metrics (who may read it, the Prometheus text
// format, counting by route pattern), the client address behind a trusted
// proxy, access-log records without personal data, and graceful shutdown of
// the network server on SIGTERM. Runs on SQLite, and on PostgreSQL when
// SHUNIU_TEST_DB is set.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "api/harness.h"
#include "api/raw_http.h"
#include "http/log.h"
#include "http/server.h"

namespace shuniu::testing {
namespace {

std::unique_ptr<http::App> AppWith(Stack& s, http::AppOptions opt) {
  return std::make_unique<http::App>(http::BuildRoutes(*s.services), *s.sys->auth, *s.sys->db,
                                     std::move(opt));
}

// Checks the text exposition format 0.0.4 line by line; returns the samples
// ("name{labels}" → value) or fails the test naming the bad line.
std::map<std::string, double> ParseExposition(const std::string& text) {
  static const std::regex kSample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|\+Inf|NaN)$)");
  static const std::regex kType(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$)");
  std::map<std::string, double> samples;
  std::set<std::string> typed;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.rfind("# HELP ", 0) == 0) continue;
    if (std::regex_match(line, m, kType)) {
      EXPECT_TRUE(typed.insert(m[1]).second) << "TYPE given twice: " << line;
      continue;
    }
    if (!std::regex_match(line, m, kSample)) {
      ADD_FAILURE() << "not a sample line: '" << line << "'";
      continue;
    }
    std::string family = m[1];
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (!typed.count(family) && family.size() > strlen(suffix) &&
          family.compare(family.size() - strlen(suffix), strlen(suffix), suffix) == 0)
        family = family.substr(0, family.size() - strlen(suffix));
    EXPECT_TRUE(typed.count(family)) << "sample before its TYPE line: " << line;
    samples[line.substr(0, line.rfind(' '))] = std::stod(line.substr(line.rfind(' ') + 1));
  }
  return samples;
}

TEST(OpsApiTest, MetricsAnswerOnlyDirectLoopbackCallersWithoutAToken) {
  Stack s = MakeStack(false);
  Client local(*s.app, "127.0.0.1"), remote(*s.app, "10.0.0.1");
  auto ok = local.Call("GET", "/metrics");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(remote.Call("GET", "/metrics").status, 404);
  // A proxy on the same host forwards the internet: not loopback any more.
  local.headers["x-forwarded-for"] = "203.0.113.9";
  EXPECT_EQ(local.Call("GET", "/metrics").status, 404);
}

TEST(OpsApiTest, MetricsNeedTheBearerTokenWhenOneIsConfigured) {
  Stack s = MakeStack(false);
  auto app = AppWith(s, http::AppOptions{1 << 20, "", false, 30, "scrape-token-0123456789", {}});
  Client local(*app, "127.0.0.1"), remote(*app, "10.0.0.1");
  EXPECT_EQ(local.Call("GET", "/metrics").status, 404) << "loopback alone is not enough";
  remote.headers["authorization"] = "Bearer scrape-token-0123456788";
  EXPECT_EQ(remote.Call("GET", "/metrics").status, 404);
  remote.headers["authorization"] = "Bearer scrape-token-0123456789";
  EXPECT_EQ(remote.Call("GET", "/metrics").status, 200);
}

TEST(OpsApiTest, MetricsCountRequestsByRoutePatternInTheTextFormat) {
  Stack s = MakeStack();
  MakeUser(*s.sys, "metrics_admin", Role::kAdmin, "440700000000");
  Client admin = LoggedIn(s, "metrics_admin");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(admin.Call("GET", "/api/v1/orgs/13812345678").status, 404);
  EXPECT_EQ(admin.Call("GET", "/api/v1/auth/me").status, 200);
  Client local(*s.app, "127.0.0.1");
  auto r = local.Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  auto samples = ParseExposition(r.body);
  EXPECT_EQ(
      (samples
           [R"(shuniu_http_requests_total{method="GET",route="/api/v1/orgs/{id}",status="4xx"})"]),
      3);
  EXPECT_EQ(
      (samples[R"(shuniu_http_requests_total{method="GET",route="/api/v1/auth/me",status="2xx"})"]),
      1);
  EXPECT_EQ(r.body.find("13812345678"), std::string::npos) << "raw paths never become labels";
  // The histogram is cumulative and its +Inf bucket equals the count.
  double prev = 0;
  for (double le : http::Metrics::kBuckets) {
    char key[128];
    std::snprintf(key, sizeof key, "shuniu_http_request_duration_seconds_bucket{le=\"%g\"}", le);
    ASSERT_TRUE(samples.count(key)) << key;
    EXPECT_GE(samples[key], prev);
    prev = samples[key];
  }
  double inf = samples[R"(shuniu_http_request_duration_seconds_bucket{le="+Inf"})"];
  EXPECT_GE(inf, prev);
  EXPECT_EQ(inf, samples["shuniu_http_request_duration_seconds_count"]);
  EXPECT_GE(inf, 5);  // login, 3 × orgs, me (this scrape is counted after it renders)
}

TEST(OpsApiTest, ClientAddressBelievesForwardedForOnlyFromTrustedProxies) {
  std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.2"};
  EXPECT_EQ(http::App::ClientAddress("127.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(http::App::ClientAddress("198.51.100.1", "203.0.113.7", proxies), "198.51.100.1")
      << "a client cannot choose its own address";
  EXPECT_EQ(http::App::ClientAddress("127.0.0.1", "", proxies), "127.0.0.1");
  // A spoofed entry on the left is skipped: the right-most untrusted hop counts.
  EXPECT_EQ(http::App::ClientAddress("127.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2", proxies),
            "203.0.113.7");
  EXPECT_EQ(http::App::ClientAddress("127.0.0.1", "203.0.113.7", {}), "127.0.0.1");
}

TEST(OpsApiTest, FailedLoginsBehindTheProxyAreCountedForTheRealClient) {
  Stack s = MakeStack();
  auto app = AppWith(s, http::AppOptions{1 << 20, "", false, 30, "", {"127.0.0.1"}});
  MakeUser(*s.sys, "proxied_user", Role::kStaff, "440700000000");
  Client viaProxy(*app, "127.0.0.1");
  viaProxy.headers["x-forwarded-for"] = "203.0.113.7";
  EXPECT_EQ(viaProxy.Login("proxied_user", "wrong-password-123").status, 401);
  EXPECT_EQ(QueryInt(*s.sys, "SELECT failures FROM login_throttle WHERE ip = '203.0.113.7'"), 1);
  EXPECT_EQ(QueryInt(*s.sys, "SELECT COUNT(*) FROM login_throttle WHERE ip = '127.0.0.1'"), 0);
}

TEST(OpsApiTest, AccessRecordsCarryTheRoutePatternAndUserIdNeverThePath) {
  Stack s = MakeStack();
  auto u = MakeUser(*s.sys, "log_admin", Role::kAdmin, "440700000000");
  Client admin = LoggedIn(s, "log_admin");
  auto r = admin.Call("GET", "/api/v1/orgs/13812345678?phone=13912345678");
  EXPECT_EQ(r.route, "/api/v1/orgs/{id}");
  EXPECT_EQ(r.user_id, u.id);
  std::string line = "{" +
                     http::AccessFields(http::AccessRecord{HeaderOf(r, "X-Request-Id"), "GET",
                                                           r.route, r.status, 1.5, r.user_id}) +
                     "}";
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["route"], "/api/v1/orgs/{id}");
  EXPECT_EQ(j["status"], 404);
  EXPECT_EQ(j["user_id"], u.id);
  EXPECT_EQ(j["request_id"], HeaderOf(r, "X-Request-Id"));
  EXPECT_EQ(line.find("13812345678"), std::string::npos);
  EXPECT_EQ(line.find("13912345678"), std::string::npos);
  EXPECT_EQ(line.find("log_admin"), std::string::npos) << "user id, not name";
}

// ---- graceful shutdown ------------------------------------------------------

TEST(OpsApiTest, SigtermFinishesTheRequestInFlightAndStopsAccepting) {
  Stack s = MakeStack(false);
  auto routes = http::BuildRoutes(*s.services);
  http::Route slow_route;
  slow_route.method = "GET";
  slow_route.path = "/api/v1/test/slow";
  slow_route.access = http::Access::kPublic;
  slow_route.handler = [](const http::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return http::Response::Json(200, {{"slow", "done"}});
  };
  routes.push_back(slow_route);
  http::App app(std::move(routes), *s.sys->auth, *s.sys->db, http::AppOptions{});
  int port = FreePort();
  http::Server server(app, "127.0.0.1", port, 1, 2, false);
  ASSERT_TRUE(server.Start().ok());
  std::atomic<int> rc{-1};
  std::atomic<bool> blocked{false};
  std::thread main_thread([&] {
    sigset_t set;  // as `shuniu serve` does: the signal is taken by sigwait only
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    blocked = true;
    rc = server.RunUntilSignal(std::chrono::seconds(10));
  });
  std::string slow;
  std::thread client([&] { slow = RawGet(port, "/api/v1/test/slow"); });
  for (int i = 0; i < 200 && (server.in_flight() == 0 || !blocked); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(server.in_flight(), 1);
  pthread_kill(main_thread.native_handle(), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(RawGet(port, "/healthz"), "") << "no new connection is taken while draining";
  client.join();
  main_thread.join();
  EXPECT_EQ(slow.rfind("HTTP/1.1 200", 0), 0u) << slow;
  EXPECT_NE(slow.find("\"slow\":\"done\""), std::string::npos) << slow;
  EXPECT_EQ(rc, 0) << "exit status 0: everything in flight was answered";
}

}  // namespace
}  // namespace shuniu::testing
