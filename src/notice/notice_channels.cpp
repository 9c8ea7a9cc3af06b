// Outbound channels: a webhook (POST JSON), SMTP (libcurl) and a development
// channel that writes to the log.
#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "core/time.h"
#include "notice/notice_service.h"

namespace shuniu::notice {
namespace {

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

struct Upload {
  std::string data;
  size_t pos = 0;
};

size_t ReadUpload(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t len = std::min(size * n, u->data.size() - u->pos);
  std::memcpy(buf, u->data.data() + u->pos, len);
  u->pos += len;
  return len;
}

std::once_flag g_curl_init;

class WebhookChannel : public Channel {
 public:
  explicit WebhookChannel(std::string url) : url_(std::move(url)) {}
  std::string name() const override { return "webhook"; }
  Status Send(const DeliveryRow& d, const Message& m) override {
    nlohmann::json j = {{"delivery_id", d.id},
                        {"notice_id", m.notice_id},
                        {"kind", m.kind},
                        {"title", m.title},
                        {"body", m.body},
                        {"link", m.link},
                        {"sender", m.sender_name},
                        {"region_code", m.region_code},
                        {"recipients", m.recipients},
                        {"created_at", Rfc3339(m.created_at)}};
    std::string body = j.dump();
    std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CURL* h = curl_easy_init();
    if (!h) return Internal("webhook: curl_easy_init failed");
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(
        headers, ("Idempotency-Key: shuniu-delivery-" + std::to_string(d.id)).c_str());
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Discard);
    CURLcode rc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) return Internal(std::string("webhook: ") + curl_easy_strerror(rc));
    if (code < 200 || code >= 300) return Internal("webhook: HTTP " + std::to_string(code));
    return Status::Ok();
  }

 private:
  std::string url_;
};

class SmtpChannel : public Channel {
 public:
  SmtpChannel(std::string url, std::string from) : url_(std::move(url)), from_(std::move(from)) {}
  std::string name() const override { return "smtp"; }
  bool per_recipient() const override { return true; }
  Status Send(const DeliveryRow& d, const Message& m) override {
    std::string to = ExtractEmail(d.address);
    if (to.empty()) return Internal("smtp: no e-mail address");
    Upload up;
    up.data = "From: <" + from_ + ">\r\nTo: <" + to + ">\r\nSubject: =?UTF-8?B?" + Base64(m.title) +
              "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
              "Content-Transfer-Encoding: 8bit\r\n\r\n" +
              m.body + "\r\n\r\n-- " + m.sender_name + "\r\n";
    std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CURL* h = curl_easy_init();
    if (!h) return Internal("smtp: curl_easy_init failed");
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, ("<" + from_ + ">").c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(h, CURLOPT_READDATA, &up);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) return Internal(std::string("smtp: ") + curl_easy_strerror(rc));
    return Status::Ok();
  }

 private:
  static std::string Base64(const std::string& in) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
      unsigned v =
          (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
      out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
    }
    if (i + 1 == in.size()) {
      unsigned v = (unsigned char)in[i] << 16;
      out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
      unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
      out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
    }
    return out;
  }
  std::string url_, from_;
};

class LogChannel : public Channel {
 public:
  std::string name() const override { return "log"; }
  Status Send(const DeliveryRow& d, const Message& m) override {
    // Ids and a count only: a title is free text staff write, and may name a person.
    spdlog::info("notice {} (delivery {}) to {} recipients", m.notice_id, d.id, m.recipients);
    return Status::Ok();
  }
};

}  // namespace

std::string ExtractEmail(const std::string& text) {
  static const std::regex re(R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})");
  std::smatch m;
  if (std::regex_search(text, m, re)) return m.str();
  return "";
}

std::vector<std::shared_ptr<Channel>> ConfiguredChannels(const Config& cfg) {
  std::vector<std::shared_ptr<Channel>> out;
  if (!cfg.notice_webhook_url.empty())
    out.push_back(std::make_shared<WebhookChannel>(cfg.notice_webhook_url));
  if (!cfg.smtp_url.empty())
    out.push_back(std::make_shared<SmtpChannel>(cfg.smtp_url, cfg.smtp_from));
  if (out.empty()) out.push_back(std::make_shared<LogChannel>());
  return out;
}

}  // namespace shuniu::notice
