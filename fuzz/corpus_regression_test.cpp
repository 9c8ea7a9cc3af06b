// Runs every fuzz target's body over its corpus (seeds and saved crash reproducers)
// in ordinary test runs, on SQLite and on PostgreSQL (SHUNIU_TEST_DB), so that past
// findings stay fixed. The bodies are the ones the libFuzzer mains call.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "api/harness.h"
#include "targets/targets.h"

namespace shuniu::fuzz {
namespace {

namespace fs = std::filesystem;

struct Input {
  std::string name, bytes;
};

// The files of fuzz/corpus/<target>/, in name order (the routes corpus builds state).
std::vector<Input> Corpus(const std::string& target) {
  fs::path dir = fs::path(SHUNIU_SOURCE_DIR) / "fuzz" / "corpus" / target;
  std::vector<Input> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out.push_back({entry.path().filename().string(), bytes.str()});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

void RecordFailure(const std::string& what) { ADD_FAILURE() << what; }

// Broken invariants fail the test (with the corpus file in the trace) instead of aborting.
class FuzzCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override { SetFailureHandler(RecordFailure); }
  void TearDown() override { SetFailureHandler(nullptr); }

  template <typename F>
  void RunCorpus(const std::string& target, F run) {
    auto corpus = Corpus(target);
    ASSERT_GE(corpus.size(), 5u) << "fuzz/corpus/" << target << " has too few seeds";
    for (const auto& in : corpus) {
      SCOPED_TRACE("fuzz/corpus/" + target + "/" + in.name);
      run(in.bytes);
    }
  }
};

TEST_F(FuzzCorpusTest, SheetReaderHoldsOnEveryCorpusFile) {
  RunCorpus("sheet", [](const std::string& b) { SheetTarget(b); });
}

TEST_F(FuzzCorpusTest, JsonBodyReaderHoldsOnEveryCorpusFile) {
  RunCorpus("json", [](const std::string& b) { JsonTarget(b); });
}

TEST_F(FuzzCorpusTest, MultipartReaderHoldsOnEveryCorpusFile) {
  RunCorpus("multipart", [](const std::string& b) { MultipartTarget(b); });
}

TEST_F(FuzzCorpusTest, IdentifierValidatorsHoldOnEveryCorpusFile) {
  RunCorpus("ids", [](const std::string& b) { IdsTarget(b); });
}

TEST_F(FuzzCorpusTest, RequestParsingHoldsOnEveryCorpusFile) {
  auto sys = testing::FreshSystem();
  HttpTarget target(*sys);
  RunCorpus("http", [&](const std::string& b) { target.Run(b); });
}

TEST_F(FuzzCorpusTest, EveryRouteAnswersWithoutServerErrorOnTheCorpus) {
  auto s = testing::MakeStack();
  RoutesTarget target(*s.sys, *s.app);
  RunCorpus("routes", [&](const std::string& b) { target.Run(b); });
  // Most seeds come from requests that succeeded in the API tests; with the fixture's
  // callers logged in, a good share must succeed here too.
  long long all = 0;
  for (long long n : target.answers()) all += n;
  EXPECT_GT(target.answers()[2] * 3, all) << "fewer than a third of the seeds answered 2xx";
  EXPECT_EQ(target.answers()[5], 0);
}

// A new route family needs seeds: every tag of the route table appears in the
// first line ("METHOD /template") of some routes seed that names a real route.
TEST_F(FuzzCorpusTest, RoutesCorpusCoversEveryRouteFamily) {
  auto s = testing::MakeStack(false);
  std::set<std::string> seeded;
  for (const auto& in : Corpus("routes")) {
    std::string first = in.bytes.substr(0, in.bytes.find('\n'));
    for (const auto& r : s.app->routes())
      if (r.method + " " + r.path == first) seeded.insert(r.tag);
  }
  for (const auto& r : s.app->routes())
    EXPECT_TRUE(seeded.count(r.tag)) << "no seed in fuzz/corpus/routes for the '" << r.tag
                                     << "' routes, e.g. " << r.method << " " << r.path;
}

// The hook that turns a broken invariant into a test failure really fires.
TEST_F(FuzzCorpusTest, BrokenInvariantFailsTheTest) {
  static int failures = 0;
  SetFailureHandler([](const std::string&) { ++failures; });
  Check(true, "holds");
  Check(false, "broken");
  EXPECT_EQ(failures, 1);
}

}  // namespace
}  // namespace shuniu::fuzz
