// HTTP routes of public voting: parse, call one service method, render.
#include "vote/vote_routes.h"

#include "core/utf8.h"

namespace shuniu::vote::routes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// http::Error already sets Retry-After on a rate-limited answer.
Response Fail(const Status& s, const Request& req) { return http::Error(s, req.request_id); }

// A public {id}: anything but a positive number is simply not found.
Result<long long> PublicId(const Request& req) {
  auto id = http::IdParam(req, "id");
  if (!id.ok()) return NotFound("competition not found");
  return id;
}

http::Handler PublicList(VoteService& s) {
  return [&s](const Request& req) {
    return http::Render(req, s.PublicList(), [](const json& j) { return j; });
  };
}

// Development sender only: the last code sent to a phone, for an admin trying
// the public page (and the browser test); 404 with a real SMS gateway.
http::Handler DevSms(VoteService& s) {
  return [&s](const Request& req) {
    if (!s.dev_sms()) return Fail(NotFound("no development SMS sender is configured"), req);
    auto it = req.query.find("phone");
    std::string phone = it == req.query.end() ? "" : Utf8Prefix(it->second, 20);
    if (phone.empty()) return Fail(InvalidArgument("phone", "phone is required"), req);
    return Response::Json(200, {{"code", s.DevLastCode(phone)}});
  };
}

http::Handler PublicGet(VoteService& s) {
  return [&s](const Request& req) {
    auto id = PublicId(req);
    if (!id.ok()) return Fail(id.status(), req);
    return http::Render(req, s.PublicGet(*id), [](const json& j) { return j; });
  };
}

http::Handler PublicEntries(VoteService& s) {
  return [&s](const Request& req) {
    auto id = PublicId(req);
    if (!id.ok()) return Fail(id.status(), req);
    return http::Render(req, s.PublicEntries(*id), [](const json& j) { return j; });
  };
}

http::Handler SendOtp(VoteService& s) {
  return [&s](const Request& req) {
    auto id = PublicId(req);
    if (!id.ok()) return Fail(id.status(), req);
    auto body = http::ParseBody(req);
    if (!body.ok()) return Fail(body.status(), req);
    Status st = body->AllowOnly({"phone"});
    if (!st.ok()) return Fail(st, req);
    auto phone = body->RequiredString("phone", 1, 20);
    if (!phone.ok()) return Fail(phone.status(), req);
    st = s.SendOtp(*id, *phone, req.client_ip);
    if (!st.ok()) return Fail(st, req);
    return Response::Json(200, {{"sent", true}, {"expires_in", 600}});
  };
}

http::Handler VerifyOtp(VoteService& s) {
  return [&s](const Request& req) {
    auto id = PublicId(req);
    if (!id.ok()) return Fail(id.status(), req);
    auto body = http::ParseBody(req);
    if (!body.ok()) return Fail(body.status(), req);
    Status st = body->AllowOnly({"phone", "code"});
    if (!st.ok()) return Fail(st, req);
    auto phone = body->RequiredString("phone", 1, 20);
    if (!phone.ok()) return Fail(phone.status(), req);
    auto code = body->RequiredString("code", 1, 10);
    if (!code.ok()) return Fail(code.status(), req);
    return http::Render(req, s.VerifyOtp(*id, *phone, *code, req.client_ip),
                        [](const json& j) { return j; });
  };
}

// Reads a vote request: entries from the body, the token (Authorization:
// Bearer wins over voter_token), the Idempotency-Key.
Status ParseCast(const Request& req, CastInput* in) {
  auto id = PublicId(req);
  if (!id.ok()) return id.status();
  auto body = http::ParseBody(req);
  if (!body.ok()) return body.status();
  SHUNIU_RETURN_IF_ERROR(body->AllowOnly({"entries", "voter_token"}));
  auto token = body->OptionalString("voter_token", 100);
  if (!token.ok()) return token.status();
  if (*token) in->token = **token;
  in->competition_id = *id;
  const json& e = body->raw().contains("entries") ? body->raw()["entries"] : json();
  if (!e.is_array()) return InvalidArgument("entries", "entries must be a list");
  for (auto& x : e) {
    if (!x.is_number_integer())
      return InvalidArgument("entries", "entries must list entry numbers");
    in->entry_nos.push_back(x.get<long long>());
  }
  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) in->token = auth.substr(7);  // the header wins
  in->idem_key = req.Header("idempotency-key");
  if (in->idem_key.size() > 80)
    return InvalidArgument("Idempotency-Key", "Idempotency-Key has at most 80 characters");
  in->ip = req.client_ip;
  in->request_id = req.request_id;
  return Status::Ok();
}

// Votes when the writer is off (vote_batching = false): on a worker thread.
http::Handler CastVotes(VoteService& s) {
  return [&s](const Request& req) {
    CastInput in;
    Status st = ParseCast(req, &in);
    if (!st.ok()) return Fail(st, req);
    auto r = s.Cast(in);
    if (!r.ok()) return Fail(r.status(), req);
    return Response::Json(200, *r);
  };
}

// Votes through the group-commit writer: parsed on the I/O thread and answered
// by the writer after its commit, so no thread waits for the commit.
http::AsyncHandler CastVotesAsync(VoteService& s) {
  return [&s](const Request& req, http::Responder done) {
    CastInput in;
    Status st = ParseCast(req, &in);
    if (!st.ok()) return done(Fail(st, req));
    s.CastAsync(in, [done = std::move(done), rid = req.request_id](Result<json> r) {
      done(r.ok() ? Response::Json(200, *r) : http::Error(r.status(), rid));
    });
  };
}

http::Handler ListPaper(VoteService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return Fail(id.status(), req);
    return http::Render(req, s.ListPaperBatches(req.caller(), *id),
                        [](const json& j) { return j; });
  };
}

http::Handler AddPaper(VoteService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return Fail(id.status(), req);
    auto body = http::ParseBody(req);
    if (!body.ok()) return Fail(body.status(), req);
    Status st = body->AllowOnly({"event_name", "collected_at", "note", "counts"});
    if (!st.ok()) return Fail(st, req);
    PaperBatchInput in;
    auto ev = body->RequiredString("event_name", 1, 200);
    if (!ev.ok()) return Fail(ev.status(), req);
    in.event_name = *ev;
    auto at = body->RequiredString("collected_at", 1, 40);
    if (!at.ok()) return Fail(at.status(), req);
    in.collected_at = *at;
    auto note = body->OptionalString("note", 2000);
    if (!note.ok()) return Fail(note.status(), req);
    in.note = note->value_or("");
    const json& cs = body->raw().contains("counts") ? body->raw()["counts"] : json();
    if (!cs.is_array()) return Fail(InvalidArgument("counts", "counts must be a list"), req);
    for (size_t i = 0; i < cs.size(); ++i) {
      std::string f = "counts[" + std::to_string(i) + "]";
      if (!cs[i].is_object() || !cs[i].value("entry_no", json()).is_number_integer())
        return Fail(InvalidArgument(f + ".entry_no", f + ".entry_no must be an entry number"), req);
      if (!cs[i].value("votes", json()).is_number_integer())
        return Fail(InvalidArgument(f + ".votes", f + ".votes must be a whole number"), req);
      for (auto& [k, v] : cs[i].items())
        if (k != "entry_no" && k != "votes")
          return Fail(InvalidArgument(f + "." + k, "unknown field " + f + "." + k), req);
      in.counts.push_back({cs[i]["entry_no"].get<long long>(), cs[i]["votes"].get<long long>()});
    }
    return http::Render(
        req, s.AddPaperBatch(req.caller(), *id, in), [](const json& j) { return j; }, 201);
  };
}

http::Handler VoidPaper(VoteService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return Fail(id.status(), req);
    auto batch = http::IdParam(req, "batch");
    if (!batch.ok()) return Fail(batch.status(), req);
    auto body = http::ParseBody(req);
    if (!body.ok()) return Fail(body.status(), req);
    Status st = body->AllowOnly({"reason"});
    if (!st.ok()) return Fail(st, req);
    auto reason = body->RequiredString("reason", 2, 500);
    if (!reason.ok()) return Fail(reason.status(), req);
    return http::Render(req, s.VoidPaperBatch(req.caller(), *id, *batch, *reason),
                        [](const json& j) { return j; });
  };
}

Status QueryInt(const Request& r, const char* k, long long lo, long long hi, long long& out) {
  auto it = r.query.find(k);
  if (it == r.query.end() || it->second.empty()) return Status::Ok();
  const std::string& v = it->second;
  if (v.size() > 7 || v.find_first_not_of("0123456789") != std::string::npos ||
      std::stoll(v) < lo || std::stoll(v) > hi)
    return InvalidArgument(k, std::string(k) + " must be a whole number " + std::to_string(lo) +
                                  "–" + std::to_string(hi));
  out = std::stoll(v);
  return Status::Ok();
}

http::Handler Fraud(VoteService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return Fail(id.status(), req);
    FraudParams f;
    for (auto [k, dst] : {std::pair{"subnet_threshold", &f.subnet_threshold},
                          std::pair{"minute_threshold", &f.minute_threshold}}) {
      Status st = QueryInt(req, k, 2, 1000000, *dst);
      if (!st.ok()) return Fail(st, req);
    }
    return http::Render(req, s.FraudReport(req.caller(), *id, f), [](const json& j) { return j; });
  };
}

http::Handler VoidVotes(VoteService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return Fail(id.status(), req);
    auto body = http::ParseBody(req);
    if (!body.ok()) return Fail(body.status(), req);
    Status st = body->AllowOnly({"vote_ids", "reason"});
    if (!st.ok()) return Fail(st, req);
    auto reason = body->RequiredString("reason", 2, 500);
    if (!reason.ok()) return Fail(reason.status(), req);
    const json& v = body->raw().contains("vote_ids") ? body->raw()["vote_ids"] : json();
    if (!v.is_array()) return Fail(InvalidArgument("vote_ids", "vote_ids must be a list"), req);
    std::vector<long long> ids;
    for (auto& x : v) {
      if (!x.is_number_integer())
        return Fail(InvalidArgument("vote_ids", "vote_ids must list vote ids"), req);
      ids.push_back(x.get<long long>());
    }
    return http::Render(req, s.VoidVotes(req.caller(), *id, ids, *reason),
                        [](const json& j) { return j; });
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  VoteService& v = s.votes;
  const std::vector<Role> kStaff = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  const std::vector<Role> kFraudReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor,
                                           Role::kReviewer};
  const std::vector<Role> kVoiders = {Role::kAdmin, Role::kStaff, Role::kReviewer};
  // clang-format off
  std::vector<http::Route> mine = {
      {"GET", "/api/v1/public/competitions", Access::kPublic, {}, "Competitions open to the public", "public", PublicList(v)},
      {"GET", "/api/v1/dev/sms-codes", Access::kRoles, {Role::kAdmin}, "Development SMS sender: the last code sent to a phone", "votes", DevSms(v)},
      {"GET", "/api/v1/public/competitions/{id}", Access::kPublic, {}, "A competition's public page (counts only when not hidden)", "public", PublicGet(v)},
      {"GET", "/api/v1/public/competitions/{id}/entries", Access::kPublic, {}, "Entries open to public voting", "public", PublicEntries(v)},
      {"POST", "/api/v1/public/competitions/{id}/otp", Access::kPublic, {}, "Send a one-time code to a phone", "public", SendOtp(v)},
      {"POST", "/api/v1/public/competitions/{id}/otp/verify", Access::kPublic, {}, "Exchange phone and code for a voter token", "public", VerifyOtp(v)},
      {"POST", "/api/v1/public/competitions/{id}/votes", Access::kPublic, {}, "Cast votes (voter token as Bearer or voter_token; Idempotency-Key welcome)", "public", CastVotes(v)},
      {"GET", "/api/v1/competitions/{id}/paper-ballots", Access::kRoles, kReaders, "Paper-ballot batches of a competition", "votes", ListPaper(v)},
      {"POST", "/api/v1/competitions/{id}/paper-ballots", Access::kRoles, kStaff, "Enter a batch of paper ballots", "votes", AddPaper(v)},
      {"POST", "/api/v1/competitions/{id}/paper-ballots/{batch}/void", Access::kRoles, kStaff, "Void a paper-ballot batch with a reason", "votes", VoidPaper(v)},
      {"GET", "/api/v1/competitions/{id}/fraud-report", Access::kRoles, kFraudReaders, "Vote bursts by subnet and minute, with their votes", "votes", Fraud(v)},
      {"POST", "/api/v1/competitions/{id}/fraud-report/void", Access::kRoles, kVoiders, "Void votes with a reason (they stay recorded)", "votes", VoidVotes(v)},
  };
  // clang-format on
  for (auto& r : mine)
    if (r.method == "POST" && r.path == "/api/v1/public/competitions/{id}/votes") {
      r.max_body_bytes = 16 * 1024;  // 20 entry numbers and a token; parsed on the I/O thread
      if (v.batching()) r.async_handler = CastVotesAsync(v);
    }
  routes.insert(routes.end(), mine.begin(), mine.end());
}

}  // namespace shuniu::vote::routes
