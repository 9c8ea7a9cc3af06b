// Structured logging: one JSON object per line on standard output (time UTC,
// level, then either "msg" or the fields of an access record). Messages must
// never carry personal data or secrets (see docs/reliability.md, "Logs").
#pragma once

#include <string>

namespace shuniu::http {

// Installs the JSON-lines loggers (default logger and the access logger) behind
// one background thread, so request threads never wait on the terminal.
void InitJsonLogging(const std::string& level);

// One answered request. Only these fields are logged: never the raw path (ids),
// the query string, bodies, cookies or headers.
struct AccessRecord {
  std::string request_id;
  std::string method;
  std::string route;  // route pattern ("/api/v1/orgs/{id}") or static / metrics / unmatched
  int status = 0;
  double duration_ms = 0;
  long long user_id = 0;  // 0 when nobody is logged in
};

// The record as JSON fields without braces (`"request_id":"…",…`), for the access logger.
std::string AccessFields(const AccessRecord& r);
// Logs the record through the access logger (no-op before InitJsonLogging).
void LogAccess(const AccessRecord& r);

}  // namespace shuniu::http
