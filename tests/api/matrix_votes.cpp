// The access matrix for public voting: in every fixture region an open
// competition with qualified entries, a paper-ballot batch and a verified
// voter (its token inserted directly), so the public vote route gets past
// authentication and the staff routes act on real objects.
#include "api/matrix.h"
#include "api/vote_fixtures.h"
#include "core/crypto.h"

namespace shuniu::testing::matrix {
namespace {

struct VoteFx {
  long long comp = 0, batch = 0;
  std::string token;
};
std::map<std::string, VoteFx>& Fx() {
  static std::map<std::string, VoteFx> m;
  return m;
}

void AddVoteComp(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  sys.cfg.otp_ip_max_per_hour = 100000;  // the matrix sends many codes from one address
  VoteFx v;
  v.comp = MakeVoteComp(sys, region, "open", 3, 3).id;
  v.batch = crypto::RandomId();
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO competition_paper_batches (id, competition_id, event_name, "
                      "collected_at, note, entered_by_name, void_reason, created_at) VALUES (:1, "
                      ":2, '矩阵集票', 0, '', 'matrix', '', 0)",
                      {v.batch, v.comp})
                  .ok());
  v.token = crypto::RandomToken(32);
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO vote_voter_sessions (token_hash, competition_id, voter_key, "
                      "created_at, expires_at) VALUES (:1, :2, :3, 0, :4)",
                      {crypto::Sha256Hex(v.token), v.comp, crypto::Sha256Hex(region),
                       NowMs() / 1000 + 86400})
                  .ok());
  Fx()[region] = v;
}

bool Build(const Fixtures& fx, const std::string& key, const Caller& caller,
           const std::string& region, std::string& path, std::string& body) {
  bool mine = key.find("/api/v1/public/competitions") != std::string::npos ||
              key.find("/api/v1/dev/sms-codes") != std::string::npos ||
              key.find("/paper-ballots") != std::string::npos ||
              key.find("/fraud-report") != std::string::npos;
  if (!mine) return false;
  (void)fx;
  (void)caller;
  static int n = 0;
  const VoteFx& v = Fx().at(region);
  using nlohmann::json;
  if (auto p = path.find("{id}"); p != std::string::npos)
    path.replace(p, 4, std::to_string(v.comp));
  if (auto p = path.find("{batch}"); p != std::string::npos)
    path.replace(p, 7, std::to_string(v.batch));
  char phone[16];
  std::snprintf(phone, sizeof phone, "1390%07d", ++n);
  if (key == "GET /api/v1/dev/sms-codes") path += "?phone=13900000001";
  if (key == "POST /api/v1/public/competitions/{id}/otp") body = json{{"phone", phone}}.dump();
  if (key == "POST /api/v1/public/competitions/{id}/otp/verify")
    body = json{{"phone", phone}, {"code", "123456"}}.dump();
  if (key == "POST /api/v1/public/competitions/{id}/votes")
    body = json{{"entries", json::array({1})}, {"voter_token", v.token}}.dump();
  if (key == "POST /api/v1/competitions/{id}/paper-ballots")
    body = json{{"event_name", "矩阵"},
                {"collected_at", "2026-01-01T00:00:00Z"},
                {"counts", json::array({{{"entry_no", 1}, {"votes", 3}}})}}
               .dump();
  if (key == "POST /api/v1/competitions/{id}/paper-ballots/{batch}/void")
    body = R"({"reason":"matrix"})";
  if (key == "POST /api/v1/competitions/{id}/fraud-report/void")
    body = R"({"vote_ids":[1],"reason":"matrix"})";
  return true;
}

const Register kVotes{Family{
    "votes",
    {
        {"GET /api/v1/public/competitions", Route(kPublic)},
        {"GET /api/v1/dev/sms-codes", Route({"admin"})},
        {"GET /api/v1/public/competitions/{id}", Route(kPublic)},
        {"GET /api/v1/public/competitions/{id}/entries", Route(kPublic)},
        {"POST /api/v1/public/competitions/{id}/otp", Route(kPublic)},
        // a wrong code answers 422
        {"POST /api/v1/public/competitions/{id}/otp/verify", Route(kPublic)},
        // the fixture voter votes once, then 409 (already voted today)
        {"POST /api/v1/public/competitions/{id}/votes", Route(kPublic)},
        {"GET /api/v1/competitions/{id}/paper-ballots",
         Route({"admin", "staff", "auditor"}, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/paper-ballots", Route(kManagers, Scope::kObject)},
        // voided once, then 409
        {"POST /api/v1/competitions/{id}/paper-ballots/{batch}/void",
         Route(kManagers, Scope::kObject)},
        {"GET /api/v1/competitions/{id}/fraud-report",
         Route({"admin", "staff", "auditor", "reviewer"}, Scope::kObject)},
        // no such vote: 422
        {"POST /api/v1/competitions/{id}/fraud-report/void",
         Route({"admin", "staff", "reviewer"}, Scope::kObject)},
    },
    AddVoteComp,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
