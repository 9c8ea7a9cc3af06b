// Errors as values: Status (code + message + field) and Result<T>; exceptions do
// not cross layer boundaries. http/errors.cpp maps codes to HTTP statuses.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace shuniu {

enum class Code {
  kOk,
  kInvalidArgument,  // bad input; `field` names the offending field
  kMalformed,        // unparseable body (bad JSON)
  kNotFound,         // missing or out of the caller's scope
  kAlreadyExists,
  kConflict,  // version mismatch, state conflict
  kPermissionDenied,
  kUnauthenticated,
  kRateLimited,  // `retry_after` seconds
  kPayloadTooLarge,
  kUnavailable,  // overloaded: try again after `retry_after` seconds
  kInternal,
};

const char* CodeName(Code c);

class Status {
 public:
  Status() = default;
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  long long retry_after() const { return retry_after_; }
  Status& with_retry_after(long long s) {
    retry_after_ = s;
    return *this;
  }

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
  long long retry_after_ = 0;
};

inline Status InvalidArgument(std::string field, std::string msg) {
  return {Code::kInvalidArgument, std::move(msg), std::move(field)};
}
inline Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
inline Status Conflict(std::string msg) { return {Code::kConflict, std::move(msg)}; }
inline Status AlreadyExists(std::string field, std::string msg) {
  return {Code::kAlreadyExists, std::move(msg), std::move(field)};
}
inline Status PermissionDenied(std::string msg) {
  return {Code::kPermissionDenied, std::move(msg)};
}
inline Status Unauthenticated(std::string msg) { return {Code::kUnauthenticated, std::move(msg)}; }
inline Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

// Result<T>: either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status s) : v_(std::move(s)) {}     // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace shuniu

#define SHUNIU_RETURN_IF_ERROR(expr) \
  do {                               \
    ::shuniu::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)
