// Configuration loading: TOML file plus SHUNIU_* environment overrides.
#include "core/config.h"

#include <sodium.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace shuniu {
namespace {

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}

Status ParseInt(const std::string& key, const std::string& v, int64_t lo, int64_t hi,
                int64_t* out) {
  char* end = nullptr;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < lo || n > hi)
    return InvalidArgument(key, key + " must be a whole number from " + std::to_string(lo) +
                                    " to " + std::to_string(hi));
  *out = n;
  return Status::Ok();
}

// Applies one key=value (from TOML or environment) to the config.
Status Apply(Config& c, const std::string& key, const std::string& v) {
  int64_t n = 0;
  if (key == "db")
    c.db_url = v;
  else if (key == "bind")
    c.bind = v;
  else if (key == "port") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 65535, &n));
    c.port = int(n);
  } else if (key == "root_region") {
    if (v.size() != 12 || v.find_first_not_of("0123456789") != std::string::npos)
      return InvalidArgument(key, "root_region must be a 12-digit division code");
    c.root_region = v;
  } else if (key == "session_idle_minutes") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 1440, &n));
    c.session_idle_minutes = int(n);
  } else if (key == "session_absolute_hours") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 72, &n));
    c.session_absolute_hours = int(n);
  } else if (key == "password_policy") {
    if (v != "asvs" && v != "dengbao3")
      return InvalidArgument(key, "password_policy must be asvs or dengbao3");
    c.password_policy = v;
  } else if (key == "web_root")
    c.web_root = v;
  else if (key == "data_dir")
    c.data_dir = v;
  else if (key == "key_file")
    c.key_file = v;
  else if (key == "body_limit_bytes") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1024, int64_t(1) << 32, &n));
    c.body_limit_bytes = n;
  } else if (key == "io_threads") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 64, &n));
    c.io_threads = int(n);
  } else if (key == "workers") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 256, &n));
    c.workers = int(n);
  } else if (key == "max_queued_requests") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 0, 1000000, &n));
    c.max_queued_requests = int(n);
  } else if (key == "queue_timeout_ms") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 0, 600000, &n));
    c.queue_timeout_ms = int(n);
  } else if (key == "secure_cookies")
    c.secure_cookies = (v == "true" || v == "1");
  else if (key == "login_ip_max_failures") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 1000000, &n));
    c.login_ip_max_failures = int(n);
  } else if (key == "files_storage") {
    if (v != "dir" && v != "db") return InvalidArgument(key, "files_storage must be dir or db");
    c.files_storage = v;
  } else if (key == "files_dir") {
    c.files_dir = v;
  } else if (key == "file_max_bytes") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1024, int64_t(1) << 31, &n));
    c.file_max_bytes = n;
  } else if (key == "org_file_quota_bytes") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1024, int64_t(1) << 40, &n));
    c.org_file_quota_bytes = n;
  } else if (key == "notice_webhook_url") {
    c.notice_webhook_url = v;
  } else if (key == "smtp_url") {
    c.smtp_url = v;
  } else if (key == "smtp_from") {
    c.smtp_from = v;
  } else if (key == "notice_max_attempts") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 100, &n));
    c.notice_max_attempts = int(n);
  } else if (key == "reminder_interval_seconds") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 86400, &n));
    c.reminder_interval_seconds = int(n);
  } else if (key == "annual_review_grace_days") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 0, 365, &n));
    c.annual_review_grace_days = int(n);
  } else if (key == "liaison_stale_days") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 3650, &n));
    c.liaison_stale_days = int(n);
  } else if (key == "sms_sender") {
    if (v != "dev" && v != "webhook")
      return InvalidArgument(key, "sms_sender must be dev or webhook");
    c.sms_sender = v;
  } else if (key == "sms_webhook_url") {
    c.sms_webhook_url = v;
  } else if (key == "otp_ip_max_per_hour") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 1000000, &n));
    c.otp_ip_max_per_hour = int(n);
  } else if (key == "vote_batching") {
    c.vote_batching = (v == "true" || v == "1");
  } else if (key == "vote_batch_max") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 1, 100000, &n));
    c.vote_batch_max = int(n);
  } else if (key == "vote_wait_threads") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 0, 1024, &n));
    c.vote_wait_threads = int(n);
  } else if (key == "access_log") {
    c.access_log = (v == "true" || v == "1");
  } else if (key == "log_level")
    c.log_level = v;
  else if (key == "metrics_token") {
    if (!v.empty() && v.size() < 16)
      return InvalidArgument(key, "metrics_token must be at least 16 characters");
    c.metrics_token = v;
  } else if (key == "trusted_proxies") {
    c.trusted_proxies.clear();
    size_t pos = 0;
    while (pos <= v.size()) {
      size_t end = v.find(',', pos);
      if (end == std::string::npos) end = v.size();
      std::string a = v.substr(pos, end - pos);
      a.erase(0, a.find_first_not_of(' '));
      a.erase(a.find_last_not_of(' ') + 1);
      if (!a.empty()) {
        if (a.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
          return InvalidArgument(key,
                                 "trusted_proxies must be a comma-separated list of IP addresses");
        c.trusted_proxies.push_back(a);
      }
      pos = end + 1;
    }
  } else if (key == "drain_seconds") {
    SHUNIU_RETURN_IF_ERROR(ParseInt(key, v, 0, 600, &n));
    c.drain_seconds = int(n);
  } else if (key == "sms_dev_log_codes") {
    c.sms_dev_log_codes = (v == "true" || v == "1");
  } else
    return InvalidArgument(key, "unknown configuration key '" + key + "'");
  return Status::Ok();
}

Status ApplyToml(Config& c, const std::string& path) {
  toml::table tbl;
  try {
    tbl = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("SHUNIU_CONFIG", path + ": " + std::string(e.description()));
  }
  for (auto&& [k, node] : tbl) {
    std::string key(k.str());
    std::string v;
    if (auto s = node.value<std::string>())
      v = *s;
    else if (auto i = node.value<int64_t>())
      v = std::to_string(*i);
    else if (auto b = node.value<bool>())
      v = *b ? "true" : "false";
    else
      return InvalidArgument(
          key, "configuration key '" + key + "' must be a string, integer or boolean");
    SHUNIU_RETURN_IF_ERROR(Apply(c, key, v));
  }
  return Status::Ok();
}

}  // namespace

Result<Config> LoadConfig() {
  Config c;
  if (const char* f = Env("SHUNIU_CONFIG")) SHUNIU_RETURN_IF_ERROR(ApplyToml(c, f));
  static const char* kKeys[] = {"db",
                                "bind",
                                "port",
                                "root_region",
                                "session_idle_minutes",
                                "session_absolute_hours",
                                "password_policy",
                                "web_root",
                                "data_dir",
                                "key_file",
                                "body_limit_bytes",
                                "io_threads",
                                "workers",
                                "max_queued_requests",
                                "queue_timeout_ms",
                                "secure_cookies",
                                "login_ip_max_failures",
                                "log_level",
                                "access_log",
                                "files_storage",
                                "files_dir",
                                "file_max_bytes",
                                "org_file_quota_bytes",
                                "notice_webhook_url",
                                "smtp_url",
                                "smtp_from",
                                "notice_max_attempts",
                                "reminder_interval_seconds",
                                "annual_review_grace_days",
                                "liaison_stale_days",
                                "sms_sender",
                                "sms_webhook_url",
                                "otp_ip_max_per_hour",
                                "vote_batching",
                                "vote_batch_max",
                                "vote_wait_threads",
                                "metrics_token",
                                "trusted_proxies",
                                "drain_seconds",
                                "sms_dev_log_codes"};
  for (const char* k : kKeys) {
    std::string env = "SHUNIU_";
    for (const char* p = k; *p; ++p) env += static_cast<char>(std::toupper(*p));
    if (const char* v = Env(env.c_str())) SHUNIU_RETURN_IF_ERROR(Apply(c, k, v));
  }
  if (c.db_url.empty())
    c.db_url = "sqlite://" + std::filesystem::absolute(c.data_dir + "/shuniu.db").string();
  if (c.key_file.empty()) c.key_file = c.data_dir + "/shuniu.key";
  if (c.files_dir.empty()) c.files_dir = c.data_dir + "/files";
  // Measured on 2 cores (bench/http_baseline): one worker per core beats more
  // threads than cores, which only add context switches.
  if (c.workers == 0)
    c.workers = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  return c;
}

Result<std::string> LoadOrCreateSecret(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::string s((std::istreambuf_iterator<char>(in)), {});
    if (s.size() != 32) return InvalidArgument("key_file", path + " must hold exactly 32 bytes");
    return s;
  }
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  std::string s(32, '\0');
  randombytes_buf(s.data(), s.size());
  mode_t old = umask(077);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  umask(old);
  if (!out) return InvalidArgument("key_file", "cannot create " + path);
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
  out.close();
  chmod(path.c_str(), 0600);
  return s;
}

}  // namespace shuniu
