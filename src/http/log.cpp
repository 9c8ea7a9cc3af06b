// JSON-lines loggers over spdlog: the message is escaped by a custom pattern flag.
#include "http/log.h"

#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace shuniu::http {
namespace {

std::string Quote(std::string_view s) {
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// %* : the message as a JSON string (quotes included).
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string q = Quote(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(q.data(), q.data() + q.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

// Set once by InitJsonLogging before the server takes requests; read-only after.
std::shared_ptr<spdlog::logger> g_access;

const char* kTime = "{\"time\":\"%Y-%m-%dT%H:%M:%S.%eZ\",\"level\":\"%l\",";

}  // namespace

void InitJsonLogging(const std::string& level) {
  spdlog::init_thread_pool(16384, 1);
  auto main = spdlog::stdout_logger_mt<spdlog::async_factory>("shuniu");
  auto f = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  f->add_flag<JsonMessageFlag>('*').set_pattern(std::string(kTime) + "\"msg\":%*}");
  main->set_formatter(std::move(f));
  // The access logger's payload is already JSON fields (AccessFields).
  auto access = spdlog::stdout_logger_mt<spdlog::async_factory>("access");
  access->set_pattern(std::string(kTime) + "%v}", spdlog::pattern_time_type::utc);
  g_access = access;
  spdlog::set_default_logger(main);
  spdlog::set_level(spdlog::level::from_str(level));
  access->set_level(spdlog::level::info);
  spdlog::flush_every(std::chrono::seconds(1));
}

std::string AccessFields(const AccessRecord& r) {
  char dur[32];
  std::snprintf(dur, sizeof dur, "%.1f", r.duration_ms);
  std::string out = "\"type\":\"access\",\"request_id\":" + Quote(r.request_id) +
                    ",\"method\":" + Quote(r.method) + ",\"route\":" + Quote(r.route) +
                    ",\"status\":" + std::to_string(r.status) + ",\"duration_ms\":" + dur;
  if (r.user_id > 0) out += ",\"user_id\":" + std::to_string(r.user_id);
  return out;
}

void LogAccess(const AccessRecord& r) {
  if (g_access) g_access->info(AccessFields(r));
}

}  // namespace shuniu::http
