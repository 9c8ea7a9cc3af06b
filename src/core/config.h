// Server and CLI configuration: defaults, then a TOML file (SHUNIU_CONFIG), then
// SHUNIU_* environment variables, each later source overriding the earlier.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace shuniu {

struct Config {
  std::string db_url;  // sqlite:///abs/path.db | postgresql://…
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string root_region = "440700000000";
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  std::string password_policy = "asvs";  // asvs | dengbao3
  std::string web_root = "web/dist";
  std::string data_dir = "data";  // demo region slice lives in data/regions/
  std::string key_file;  // server secret (CSRF, blind indexes); default <data_dir>/shuniu.key
  int64_t body_limit_bytes = 1 << 20;
  int io_threads = 2;
  int workers = 4;  // also the database pool size
  // Admission control (http::Server::SetAdmission): requests waiting for a
  // worker beyond this many, or longer than queue_timeout_ms, are answered 503
  // with Retry-After (0: no limit).
  int max_queued_requests = 512;
  int queue_timeout_ms = 5000;
  bool secure_cookies = false;     // set behind TLS
  int login_ip_max_failures = 50;  // per IP in 15 minutes
  std::string log_level = "info";
  bool access_log = true;  // one JSON line per request (request id, method, route, status, time)
  // GET /metrics: empty = direct loopback callers only; else `Authorization: Bearer <token>`.
  std::string metrics_token;
  // Reverse proxies (IP addresses) whose X-Forwarded-For names the client.
  std::vector<std::string> trusted_proxies;
  int drain_seconds = 20;  // at SIGTERM/SIGINT: how long requests in flight may take

  // Attachments (files/).
  std::string files_storage = "dir";  // dir | db
  std::string files_dir;              // default <data_dir>/files (outside the web root)
  int64_t file_max_bytes = 20 << 20;  // one upload
  int64_t org_file_quota_bytes = int64_t(500) << 20;  // all files of one organization

  // Notices and reminders (notice/).
  std::string notice_webhook_url;  // empty: webhook channel off
  std::string smtp_url;            // smtp://host:port or smtps://…; empty: e-mail channel off
  std::string smtp_from = "shuniu@localhost";
  int notice_max_attempts = 8;         // per delivery, with growing back-off
  int reminder_interval_seconds = 60;  // how often the server asks the reminder sources

  // The hub's capabilities (hub/).
  int annual_review_grace_days = 30;  // after the due date an organization is flagged abnormal
  int liaison_stale_days = 90;        // organizations not contacted for this long are listed

  // Public voting (vote/).
  std::string sms_sender = "dev";  // dev (keeps codes for GET /api/v1/dev/sms-codes) | webhook
  bool sms_dev_log_codes = false;  // dev sender also writes codes to the log (never in production)
  std::string sms_webhook_url;     // webhook sender: POST {"phone","code","purpose"} here
  int otp_ip_max_per_hour = 30;    // one-time codes sent to any phones from one client address
  bool vote_batching = true;       // group commit of concurrent votes (false: one tx per vote)
  int vote_batch_max = 512;        // vote requests per group commit at most
  int vote_wait_threads = 0;       // extra worker threads (votes wait for the writer without one)
};

// Loads the configuration; an error names the key that is wrong.
Result<Config> LoadConfig();

// Reads (or creates with mode 0600) the 32-byte server secret.
Result<std::string> LoadOrCreateSecret(const std::string& path);

}  // namespace shuniu
