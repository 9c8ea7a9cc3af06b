// Request metrics and gauges in the Prometheus text exposition format 0.0.4,
// served at GET /metrics (App). Thread-safe; labels are kept to a bounded set
// (method, route pattern, status class), never raw paths or user data.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace shuniu::http {

class Metrics {
 public:
  // Upper bounds of the latency histogram buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   10};

  // Counts one answered request: `route` is the route pattern ("/api/v1/orgs/{id}")
  // or a fixed word (static, metrics, unmatched), `status` the HTTP status.
  void Observe(const std::string& method, const std::string& route, int status, double seconds);
  // Registers a gauge read at every scrape; `read` must not throw and returns
  // the current value (a negative value leaves the gauge out of that scrape).
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  // The whole exposition: request counters, the latency histogram, registered
  // gauges and the process figures (resident memory, open descriptors, start time).
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t> requests_;
  std::array<uint64_t, kBuckets.size() + 1> buckets_{};  // last one: +Inf
  double sum_ = 0;
  uint64_t count_ = 0;
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;
};

// Escapes a label value for the text format (backslash, quote, newline).
std::string PromLabel(const std::string& v);

}  // namespace shuniu::http
