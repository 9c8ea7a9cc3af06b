// Prometheus text exposition of request metrics, gauges and process figures.
#include "http/metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace shuniu::http {
namespace {

const double kStartSeconds =
    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

std::string StatusClass(int status) { return std::to_string(status / 100) + "xx"; }

// Shortest form that reads back the same for the bucket bounds and counts;
// full precision only when needed (sums).
std::string Num(double v) {
  char buf[64];
  for (int prec : {6, 10, 17}) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// Resident set size in bytes from /proc/self/statm (second field, in pages); -1 if unknown.
double ResidentBytes() {
  std::ifstream in("/proc/self/statm");
  long long size = 0, resident = -1;
  if (!(in >> size >> resident)) return -1;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double OpenFds() {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return -1;
  long n = 0;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') ++n;
  closedir(d);
  return static_cast<double>(n - 1);  // minus the descriptor of the listing itself
}

void Family(std::ostringstream& out, const std::string& name, const char* type,
            const std::string& help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

std::string PromLabel(const std::string& v) {
  std::string out;
  for (char ch : v) {
    if (ch == '\\')
      out += "\\\\";
    else if (ch == '"')
      out += "\\\"";
    else if (ch == '\n')
      out += "\\n";
    else
      out += ch;
  }
  return out;
}

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  std::lock_guard<std::mutex> lk(mu_);
  ++requests_[{method, route, StatusClass(status)}];
  ++buckets_[b];
  sum_ += seconds;
  ++count_;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard<std::mutex> lk(mu_);
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::Render() const {
  std::ostringstream out;
  std::vector<Gauge> gauges;
  {
    std::lock_guard<std::mutex> lk(mu_);
    Family(out, "shuniu_http_requests_total", "counter",
           "HTTP requests answered, by method, route pattern and status class.");
    for (const auto& [k, n] : requests_)
      out << "shuniu_http_requests_total{method=\"" << PromLabel(std::get<0>(k)) << "\",route=\""
          << PromLabel(std::get<1>(k)) << "\",status=\"" << std::get<2>(k) << "\"} " << n << '\n';
    Family(out, "shuniu_http_request_duration_seconds", "histogram",
           "Time from taking a request to its answer.");
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += buckets_[i];
      out << "shuniu_http_request_duration_seconds_bucket{le=\"" << Num(kBuckets[i]) << "\"} "
          << cumulative << '\n';
    }
    cumulative += buckets_[kBuckets.size()];
    out << "shuniu_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << '\n'
        << "shuniu_http_request_duration_seconds_sum " << Num(sum_) << '\n'
        << "shuniu_http_request_duration_seconds_count " << count_ << '\n';
    gauges = gauges_;
  }
  // Gauges are read outside the lock: some ask the database.
  for (const auto& g : gauges) {
    double v = g.read();
    if (v < 0) continue;
    Family(out, g.name, "gauge", g.help);
    out << g.name << ' ' << Num(v) << '\n';
  }
  if (double rss = ResidentBytes(); rss >= 0) {
    Family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out << "process_resident_memory_bytes " << Num(rss) << '\n';
  }
  if (double fds = OpenFds(); fds >= 0) {
    Family(out, "process_open_fds", "gauge", "Open file descriptors.");
    out << "process_open_fds " << Num(fds) << '\n';
  }
  Family(out, "process_start_time_seconds", "gauge", "Start time of the process (Unix time).");
  out << "process_start_time_seconds " << Num(kStartSeconds) << '\n';
  return out.str();
}

}  // namespace shuniu::http
