// The network server: RESTinio on a few I/O threads, handing each request to a
// worker pool (database work never runs on the I/O threads).
#pragma once

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
  // Blocks until SIGINT/SIGTERM, then stops.
  void RunUntilSignal();
  void Stop();
  int port() const { return port_; }

 public:
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  int port_;
};

}  // namespace shuniu::http
