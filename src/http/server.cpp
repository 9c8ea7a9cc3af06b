// RESTinio adapter: converts RESTinio requests to http::Request and back.
#include "http/server.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <restinio/all.hpp>

#include "http/log.h"

namespace shuniu::http {
namespace {

struct Traits : public restinio::default_traits_t {
  using logger_t = restinio::null_logger_t;
};

Request FromRestinio(const restinio::request_handle_t& rq) {
  Request r;
  const auto& h = rq->header();
  r.method = std::string(h.method().c_str());
  App::ParseTarget(std::string(h.request_target()), &r);
  h.for_each_field([&](const auto& f) {
    std::string name(f.name());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(ch));
    r.headers[name] = std::string(f.value());
  });
  r.body = rq->body();
  r.client_ip = rq->remote_endpoint().address().to_string();
  return r;
}

restinio::http_status_line_t StatusLine(int code) {
  static const std::map<int, const char*> kReasons = {{200, "OK"},
                                                      {201, "Created"},
                                                      {204, "No Content"},
                                                      {400, "Bad Request"},
                                                      {401, "Unauthorized"},
                                                      {403, "Forbidden"},
                                                      {404, "Not Found"},
                                                      {409, "Conflict"},
                                                      {413, "Payload Too Large"},
                                                      {422, "Unprocessable Content"},
                                                      {429, "Too Many Requests"},
                                                      {500, "Internal Server Error"},
                                                      {503, "Service Unavailable"}};
  auto it = kReasons.find(code);
  return restinio::http_status_line_t(
      restinio::http_status_code_t(static_cast<std::uint16_t>(code)),
      it == kReasons.end() ? "Status" : it->second);
}

using HttpServer = restinio::http_server_t<Traits>;

}  // namespace

struct Server::Impl {
  App& app;
  std::string bind;
  int io_threads;
  bool access_log;
  asio::thread_pool workers;
  // Requests taken but whose answer is not yet written (async answers may come
  // from other threads, e.g. the vote writer); Stop drains them first.
  std::mutex pending_mu;
  std::condition_variable pending_cv;
  long long pending = 0;
  // Admission control (SetAdmission).
  int max_queued = 0;
  std::chrono::milliseconds queue_timeout{0};
  std::atomic<long long> queued{0};
  std::atomic<long long> shed{0};
  // How long the request a worker took last had waited, in µs: while it is
  // past queue_timeout, a newcomer would wait as long, so it is shed at once.
  std::atomic<long long> sojourn_us{0};
  // Set once the listening socket is closed: answers then ask clients to close
  // their keep-alive connections, so they reconnect to another server.
  std::atomic<bool> draining{false};
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<restinio::on_pool_runner_t<HttpServer>> runner;
  Impl(App& a, std::string b, int io, int w, bool log)
      : app(a), bind(std::move(b)), io_threads(io), access_log(log), workers(w) {}

  void Done() {
    std::lock_guard<std::mutex> lk(pending_mu);
    if (--pending == 0) pending_cv.notify_all();
  }
  // Waits up to `limit` for every taken request to be answered; true if none is left.
  bool WaitIdle(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lk(pending_mu);
    return pending_cv.wait_for(lk, limit, [&] { return pending == 0; });
  }
};

namespace {

// Sends one answer (any thread) and logs it; `pending` drops once it is written.
void Send(Server::Impl& impl, const restinio::request_handle_t& rq, Response res,
          std::chrono::steady_clock::time_point t0, const std::string& method) {
  // One access-log line per request: request id, method, route pattern,
  // status, time, user id; never the raw path, query string, body or cookies.
  if (impl.access_log) {
    std::string rid;
    for (auto& [k, v] : res.headers)
      if (k == "X-Request-Id") rid = v;
    LogAccess(AccessRecord{
        rid, method, res.route, res.status,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(),
        res.user_id});
  }
  auto resp = rq->create_response(StatusLine(res.status));
  if (!res.content_type.empty()) resp.append_header("Content-Type", res.content_type);
  for (auto& [k, v] : res.headers) resp.append_header(k, v);
  if (impl.draining.load()) resp.connection_close();
  resp.set_body(std::move(res.body));
  resp.done([&impl](const asio::error_code&) { impl.Done(); });
}

// Runs the pipeline for one request; the answer is sent when it exists, on
// this thread or later on another one (async routes).
// With `shed`, the request is not run: it is answered 503 (over capacity).
void Respond(Server::Impl& impl, const restinio::request_handle_t& rq, Request req,
             bool shed = false) {
  auto t0 = std::chrono::steady_clock::now();
  std::string method = req.method;
  {
    std::lock_guard<std::mutex> lk(impl.pending_mu);
    ++impl.pending;
  }
  auto answer = [&impl, rq, t0, method = std::move(method)](Response res) {
    try {
      Send(impl, rq, std::move(res), t0, method);
    } catch (const std::exception& e) {
      spdlog::error("cannot send an answer: {}", e.what());
      impl.Done();
    }
  };
  if (shed) {
    impl.shed.fetch_add(1, std::memory_order_relaxed);
    impl.app.Shed(std::move(req), std::move(answer));
  } else {
    impl.app.HandleAsync(std::move(req), std::move(answer));
  }
}

bool Overloaded(const Server::Impl& impl) {
  return ShouldShed(
      impl.queued.load(std::memory_order_relaxed), impl.max_queued,
      impl.sojourn_us.load(std::memory_order_relaxed),
      std::chrono::duration_cast<std::chrono::microseconds>(impl.queue_timeout).count());
}

}  // namespace

bool ShouldShed(long long queued, long long max_queued, long long last_wait_us,
                long long timeout_us) {
  if (max_queued > 0 && queued >= max_queued) return true;
  return timeout_us > 0 && queued > 0 && last_wait_us > timeout_us;
}

Server::Server(App& app, std::string bind, int port, int io_threads, int workers, bool access_log)
    : impl_(std::make_unique<Impl>(app, std::move(bind), io_threads, workers, access_log)),
      port_(port) {}

Server::~Server() { Stop(std::chrono::seconds(0)); }

void Server::SetAdmission(int max_queued, int queue_timeout_ms) {
  impl_->max_queued = max_queued;
  impl_->queue_timeout = std::chrono::milliseconds(queue_timeout_ms);
}

long long Server::queued() const { return impl_->queued.load(std::memory_order_relaxed); }

long long Server::shed_total() const { return impl_->shed.load(std::memory_order_relaxed); }

Status Server::Start() {
  Impl* impl = impl_.get();
  auto handler = [impl](const restinio::request_handle_t& rq) {
    Request req = FromRestinio(rq);
    if (impl->app.RunsInline(req.method, req.path)) {
      Respond(*impl, rq, std::move(req));
    } else if (Overloaded(*impl)) {
      Respond(*impl, rq, std::move(req), /*shed=*/true);
    } else {
      impl->queued.fetch_add(1, std::memory_order_relaxed);
      asio::post(impl->workers, [impl, rq, req = std::move(req),
                                 queued_at = std::chrono::steady_clock::now()]() mutable {
        impl->queued.fetch_sub(1, std::memory_order_relaxed);
        auto waited = std::chrono::steady_clock::now() - queued_at;
        impl->sojourn_us.store(
            std::chrono::duration_cast<std::chrono::microseconds>(waited).count(),
            std::memory_order_relaxed);
        bool late = impl->queue_timeout.count() > 0 && waited > impl->queue_timeout;
        Respond(*impl, rq, std::move(req), late);
      });
    }
    return restinio::request_accepted();
  };
  try {
    impl->server = std::make_unique<HttpServer>(
        restinio::own_io_context(), restinio::server_settings_t<Traits>{}
                                        .address(impl->bind)
                                        .port(static_cast<std::uint16_t>(port_))
                                        .max_pipelined_requests(4)
                                        .handle_request_timeout(std::chrono::seconds(60))
                                        .request_handler(std::move(handler)));
    impl->runner = std::make_unique<restinio::on_pool_runner_t<HttpServer>>(
        static_cast<std::size_t>(impl->io_threads), *impl->server);
    std::promise<void> started;
    auto f = started.get_future();
    impl->runner->start(
        [&started]() noexcept { started.set_value(); },
        [&started](std::exception_ptr ex) noexcept { started.set_exception(std::move(ex)); });
    f.get();
  } catch (const std::exception& e) {
    if (impl->runner) impl->runner->wait();
    impl->runner.reset();
    impl->server.reset();
    return Internal(std::string("cannot listen on ") + impl->bind + ":" + std::to_string(port_) +
                    ": " + e.what());
  }
  return Status::Ok();
}

int Server::RunUntilSignal(std::chrono::milliseconds drain_limit) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {}: closing the listening socket, finishing requests in flight",
               sig == SIGTERM ? "SIGTERM" : "SIGINT");
  return Stop(drain_limit) ? 0 : 1;
}

long long Server::in_flight() const {
  std::lock_guard<std::mutex> lk(impl_->pending_mu);
  return impl_->pending;
}

bool Server::Stop(std::chrono::milliseconds drain_limit) {
  if (!impl_ || !impl_->server) return true;
  // 1. Stop accepting: close the listening socket, keep the connections.
  impl_->draining = true;
  std::promise<void> closed;
  auto f = closed.get_future();
  impl_->server->close_async([&closed] { closed.set_value(); },
                             [&closed](std::exception_ptr) { closed.set_value(); });
  f.wait_for(std::chrono::seconds(5));
  // 2. Finish the requests in flight (bounded).
  bool idle = impl_->WaitIdle(drain_limit);
  if (!idle) spdlog::warn("requests still unanswered after the drain limit; stopping anyway");
  // 3. Stop the I/O threads. Requests still on the workers hold their
  // connections; these must go before the server (its io_context and strands)
  // is destroyed, else their release touches freed strands.
  impl_->runner->stop();
  impl_->runner->wait();
  impl_->workers.join();
  (void)impl_->WaitIdle(std::chrono::seconds(30));  // async answers still due (vote writer)
  impl_->runner.reset();
  impl_->server.reset();
  return idle;
}

}  // namespace shuniu::http
