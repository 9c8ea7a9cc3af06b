// The bodies of the libFuzzer targets, shared by the fuzzing mains (fuzz/*_fuzz.cpp,
// clang build with -DSHUNIU_FUZZ=ON) and the corpus regression test in shuniu_tests.
// Each body takes arbitrary bytes and must return; a broken invariant calls Fail().
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

namespace shuniu::app {
struct System;
}
namespace shuniu::http {
class App;
}

namespace shuniu::fuzz {

// Reports a broken invariant. The default handler prints `what` and aborts (libFuzzer
// records the input as a crash); the regression test installs one that fails the test.
using FailureHandler = void (*)(const std::string& what);
void SetFailureHandler(FailureHandler handler);
void Fail(const std::string& what);
inline void Check(bool ok, const std::string& what) {
  if (!ok) Fail(what);
}

// core/json_input and http::ParseBody: strict JSON object bodies, field readers,
// UTF-8 counting, and the error envelope that echoes field names.
void JsonTarget(std::string_view input);
// multipart/form-data bodies: line 1 is the Content-Type header, the rest the body;
// also a round trip through a body built from the input.
void MultipartTarget(std::string_view input);
// Identifier validators: USCC, ID-card numbers, phones, region codes and dates.
void IdsTarget(std::string_view input);
// sheet::ReadSheet on .xlsx or CSV bytes.
void SheetTarget(std::string_view input);

// A system to fuzz against: a temporary SQLite database on tmpfs (/dev/shm when
// present), migrated, with the Jiangmen regions. For the fuzzing mains; the
// regression test uses the test harness (SQLite or PostgreSQL) instead.
std::unique_ptr<app::System> OpenScratchSystem();

// Request parsing of src/http: request target (path, percent-decoding, query
// string), path parameters, cookies and headers, then the whole App pipeline on a
// small route table of its own. Input: method line, target line, cookie line, then
// header lines "name: value", an empty line and the body.
class HttpTarget {
 public:
  explicit HttpTarget(app::System& sys);
  ~HttpTarget();
  void Run(std::string_view input);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every route of the live route table with a fuzzed body. Input lines:
//   1. "METHOD /path/template" (a template not in the table picks a route by hash)
//   2. the caller ("admin", "staff", "org" or anything else for none), then the
//      values for the path parameters, in order: a number, or $org, $user, $last
//      (the id of the last object created), anything else verbatim
//   3. the query string
//   4… the body (JSON, or multipart/form-data when it opens with "--boundary\r\n").
// The answer must be 2xx, 3xx or 4xx (5xx only for the allow-list in routes.cpp).
class RoutesTarget {
 public:
  RoutesTarget(app::System& sys, http::App& app);
  ~RoutesTarget();
  void Run(std::string_view input);
  // Answers so far by class: [2] = 2xx, [4] = 4xx… (the regression test checks that
  // the corpus reaches the handlers rather than bouncing off the session check).
  const std::array<long long, 6>& answers() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shuniu::fuzz
