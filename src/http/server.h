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
  // Requests taken and not yet answered.
  long long in_flight() const;

 public:
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  int port_;
};

}  // namespace shuniu::http
