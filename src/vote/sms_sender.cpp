// SMS senders for one-time codes.
#include "vote/sms_sender.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace shuniu::vote {
namespace {
std::once_flag g_curl_init;
size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }
}  // namespace

Status DevSmsSender::Send(const std::string& phone, const std::string& code,
                          const std::string& purpose) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    last_[phone] = code;
  }
  // A code is a secret and the phone personal data: by default neither is
  // logged (tests read codes through GET /api/v1/dev/sms-codes).
  if (log_codes_) {
    std::string masked = phone.size() == 11 ? phone.substr(0, 3) + "****" + phone.substr(7) : "?";
    spdlog::warn("dev sms to {}: {} code {} (sms_dev_log_codes is on: development only)", masked,
                 purpose, code);
  } else {
    spdlog::info("dev sms: a {} code was kept for GET /api/v1/dev/sms-codes", purpose);
  }
  return Status::Ok();
}

std::string DevSmsSender::LastCode(const std::string& phone) {
  std::lock_guard<std::mutex> lk(mu_);
  auto it = last_.find(phone);
  return it == last_.end() ? std::string() : it->second;
}

Status WebhookSmsSender::Send(const std::string& phone, const std::string& code,
                              const std::string& purpose) {
  std::string body = nlohmann::json{{"phone", phone}, {"code", code}, {"purpose", purpose}}.dump();
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* h = curl_easy_init();
  if (!h) return Internal("sms webhook: curl_easy_init failed");
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Discard);
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return Internal(std::string("sms webhook: ") + curl_easy_strerror(rc));
  if (status < 200 || status >= 300) return Internal("sms webhook: HTTP " + std::to_string(status));
  return Status::Ok();
}

std::unique_ptr<SmsSender> MakeSmsSender(const Config& cfg) {
  if (cfg.sms_sender == "webhook" && !cfg.sms_webhook_url.empty())
    return std::make_unique<WebhookSmsSender>(cfg.sms_webhook_url);
  return std::make_unique<DevSmsSender>(cfg.sms_dev_log_codes);
}

}  // namespace shuniu::vote
