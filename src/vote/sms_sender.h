// Pluggable SMS gateway for one-time codes: a webhook sender (POST JSON to a
// configured URL) and a development sender that writes the code to the log.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/config.h"
#include "core/result.h"

namespace shuniu::vote {

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // Delivers `code` to `phone` (11-digit mainland mobile). Errors are kInternal.
  virtual Status Send(const std::string& phone, const std::string& code,
                      const std::string& purpose) = 0;
  // The development sender keeps the last code per phone (tests, e2e); others "".
  virtual std::string LastCode(const std::string& /*phone*/) { return {}; }
  virtual bool is_dev() const { return false; }
};

// Writes "sms to 138****0000: code 123456" to the server log and remembers it.
class DevSmsSender : public SmsSender {
 public:
  // Codes are kept for GET /api/v1/dev/sms-codes; with `log_codes` (the
  // sms_dev_log_codes setting, development only) also written to the log.
  explicit DevSmsSender(bool log_codes = false) : log_codes_(log_codes) {}
  Status Send(const std::string& phone, const std::string& code,
              const std::string& purpose) override;
  std::string LastCode(const std::string& phone) override;
  bool is_dev() const override { return true; }

 private:
  bool log_codes_;
  std::mutex mu_;
  std::map<std::string, std::string> last_;
};

// POSTs {"phone","code","purpose"} as JSON to `url` (10 s timeout).
class WebhookSmsSender : public SmsSender {
 public:
  explicit WebhookSmsSender(std::string url) : url_(std::move(url)) {}
  Status Send(const std::string& phone, const std::string& code,
              const std::string& purpose) override;

 private:
  std::string url_;
};

// The sender the configuration names (sms_sender = dev | webhook).
std::unique_ptr<SmsSender> MakeSmsSender(const Config& cfg);

}  // namespace shuniu::vote
