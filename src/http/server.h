// The network server: RESTinio on a few I/O threads, handing each request to a
// worker pool (database work never runs on the I/O threads).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "http/app.h"

namespace shuniu::http {

class Server {
 public:
  Server(App& app, std::string bind, int port, int io_threads, int workers, bool access_log);
  ~Server();
  // Starts listening; returns once the socket is bound (or fails).
  Status Start();
  // Blocks until SIGINT/SIGTERM, then stops gracefully (Stop). Returns 0 when
  // every request in flight was answered within `drain_limit`, else 1.
  int RunUntilSignal(std::chrono::milliseconds drain_limit = std::chrono::seconds(20));
  // Graceful stop: closes the listening socket, lets the requests in flight
  // (also those arriving on open keep-alive connections, answered with
  // "Connection: close") finish for up to `drain_limit`, then stops the I/O
  // threads. False when requests were still unanswered at the limit.
  bool Stop(std::chrono::milliseconds drain_limit = std::chrono::seconds(20));
  int port() const { return port_; }
  // Admission control for requests bound for the worker pool: at most
  // `max_queued` may wait for a worker (0: unbounded); one that waited longer
  // than `queue_timeout_ms` (0: forever) is not run; and while requests start
  // only after waiting longer than that, newcomers are refused on arrival. The
  // client gets 503 with Retry-After instead of a timeout, and nothing of the
  // request was done. Call before Start.
  void SetAdmission(int max_queued, int queue_timeout_ms);
  long long queued() const;      // waiting for a worker now
  long long shed_total() const;  // answered 503 by admission control so far
  // Requests taken and not yet answered.
  long long in_flight() const;

 public:
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  int port_;
};

// The admission rule: a request bound for the workers is answered 503 on
// arrival when `queued` requests already wait and that is the bound, or when
// the request a worker took last had waited longer than the timeout (a
// newcomer would wait as long). 0 turns a bound off.
bool ShouldShed(long long queued, long long max_queued, long long last_wait_us,
                long long timeout_us);

}  // namespace shuniu::http
