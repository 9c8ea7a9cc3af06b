// The network server's admission control: over capacity a request is answered
// 503 with Retry-After at once, and nothing of it runs.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "api/harness.h"
#include "api/raw_http.h"

namespace shuniu::http {
namespace {

using testing::FreePort;
using testing::RawGet;

int StatusOf(const std::string& answer) {
  return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0;
}

template <typename F>
bool WaitFor(F cond) {
  for (int i = 0; i < 500; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// One worker; GET /api/v1/test/slow holds it until the gate opens.
struct SlowServer {
  std::unique_ptr<app::System> sys = testing::FreshSystem(false);
  std::promise<void> open;
  std::shared_future<void> gate = open.get_future().share();
  std::atomic<int> ran{0};
  std::unique_ptr<App> app;
  std::unique_ptr<Server> server;
  int port = FreePort();

  SlowServer(int max_queued, int queue_timeout_ms) {
    Route slow{
        "GET", "/api/v1/test/slow", Access::kPublic, {}, "slow", "test", [this](const Request&) {
          ++ran;
          gate.wait();
          return Response::Json(200, {{"ok", true}});
        }};
    app = std::make_unique<App>(std::vector<Route>{slow}, *sys->auth, *sys->db, AppOptions{});
    server = std::make_unique<Server>(*app, "127.0.0.1", port, 1, 1, false);
    server->SetAdmission(max_queued, queue_timeout_ms);
    EXPECT_TRUE(server->Start().ok());
  }
  ~SlowServer() {
    try {
      open.set_value();
    } catch (const std::future_error&) {
    }
    server->Stop();
  }
};

TEST(ServerAdmissionTest, AFullQueueAnswers503AtOnceAndRunsNothing) {
  SlowServer s(/*max_queued=*/1, /*queue_timeout_ms=*/0);
  auto first = std::async(std::launch::async, [&] { return RawGet(s.port, "/api/v1/test/slow"); });
  ASSERT_TRUE(WaitFor([&] { return s.ran.load() == 1; })) << "the first request holds the worker";
  auto second = std::async(std::launch::async, [&] { return RawGet(s.port, "/api/v1/test/slow"); });
  ASSERT_TRUE(WaitFor([&] { return s.server->queued() == 1; })) << "the second one waits";

  std::string third = RawGet(s.port, "/api/v1/test/slow");
  EXPECT_EQ(StatusOf(third), 503) << third;
  EXPECT_NE(third.find("Retry-After: 1"), std::string::npos) << third;
  EXPECT_NE(third.find("\"code\":\"unavailable\""), std::string::npos) << third;
  EXPECT_NE(third.find("X-Request-Id"), std::string::npos) << third;
  EXPECT_EQ(s.ran.load(), 1) << "a shed request never reaches its handler";
  EXPECT_EQ(s.server->shed_total(), 1);

  s.open.set_value();
  EXPECT_EQ(StatusOf(first.get()), 200);
  EXPECT_EQ(StatusOf(second.get()), 200) << "a queued request within the bound is served";
  EXPECT_EQ(s.ran.load(), 2);
}

TEST(ServerAdmissionTest, ARequestThatWaitedPastTheTimeoutIsNotRun) {
  SlowServer s(/*max_queued=*/0, /*queue_timeout_ms=*/50);
  auto first = std::async(std::launch::async, [&] { return RawGet(s.port, "/api/v1/test/slow"); });
  ASSERT_TRUE(WaitFor([&] { return s.ran.load() == 1; }));
  auto second = std::async(std::launch::async, [&] { return RawGet(s.port, "/api/v1/test/slow"); });
  ASSERT_TRUE(WaitFor([&] { return s.server->queued() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // past the 50 ms bound
  s.open.set_value();
  EXPECT_EQ(StatusOf(first.get()), 200);
  std::string late = second.get();
  EXPECT_EQ(StatusOf(late), 503) << late;
  EXPECT_EQ(s.ran.load(), 1) << "the late request was dropped before its handler";
  EXPECT_EQ(s.server->shed_total(), 1);
}

TEST(ServerAdmissionTest, NewcomersAreRefusedOnArrivalOnlyWhileTheQueueIsLate) {
  const long long kTimeout = 2'000'000;  // 2 s
  EXPECT_FALSE(ShouldShed(0, 512, 0, kTimeout)) << "an idle server takes everything";
  EXPECT_FALSE(ShouldShed(100, 512, 1'999'000, kTimeout)) << "a queue that moves in time";
  EXPECT_TRUE(ShouldShed(3, 512, 2'500'000, kTimeout)) << "requests start too late: refuse";
  EXPECT_FALSE(ShouldShed(0, 512, 2'500'000, kTimeout))
      << "the queue drained: the last late start no longer counts";
  EXPECT_TRUE(ShouldShed(512, 512, 0, kTimeout)) << "the bound";
  EXPECT_FALSE(ShouldShed(100000, 0, 0, 0)) << "both bounds off";
}

TEST(ServerAdmissionTest, WithoutLimitsEveryRequestIsServed) {
  SlowServer s(0, 0);
  auto first = std::async(std::launch::async, [&] { return RawGet(s.port, "/api/v1/test/slow"); });
  ASSERT_TRUE(WaitFor([&] { return s.ran.load() == 1; }));
  std::vector<std::future<std::string>> more;
  for (int i = 0; i < 5; ++i)
    more.push_back(
        std::async(std::launch::async, [&] { return RawGet(s.port, "/api/v1/test/slow"); }));
  ASSERT_TRUE(WaitFor([&] { return s.server->queued() == 5; }));
  s.open.set_value();
  EXPECT_EQ(StatusOf(first.get()), 200);
  for (auto& f : more) EXPECT_EQ(StatusOf(f.get()), 200);
  EXPECT_EQ(s.ran.load(), 6);
  EXPECT_EQ(s.server->shed_total(), 0);
}

}  // namespace
}  // namespace shuniu::http
