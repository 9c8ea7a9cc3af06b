// HTTP routes of the joint Party branch: parse, call one service method, render.
#include "party/party_routes.h"

#include "core/utf8.h"
#include "party/party_json.h"

namespace shuniu::party::routes {
namespace {

using http::Request;
using nlohmann::json;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

// Optional string fields into `dst` (present → set).
Status Strings(
    const JsonInput& in,
    std::initializer_list<std::tuple<const char*, std::optional<std::string>*, size_t>> fields) {
  for (auto [name, dst, max] : fields) {
    auto v = in.OptionalString(name, max);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  return Status::Ok();
}

Result<BranchInput> ParseBranch(const JsonInput& in, bool patch) {
  BranchInput out;
  SHUNIU_RETURN_IF_ERROR(
      patch ? in.AllowOnly({"version", "name", "lead_org_id", "founded_on", "description"})
            : in.AllowOnly({"region_code", "name", "lead_org_id", "founded_on", "description"}));
  SHUNIU_RETURN_IF_ERROR(Strings(in, {{"region_code", &out.region_code, 12},
                                      {"name", &out.name, 200},
                                      {"founded_on", &out.founded_on, 10},
                                      {"description", &out.description, 4000}}));
  auto org = in.OptionalInt("lead_org_id");
  if (!org.ok()) return org.status();
  out.lead_org_id = *org;
  return out;
}

Result<MemberInput> ParseMember(const JsonInput& in, bool patch) {
  MemberInput out;
  static const auto kFields = {
      "name",           "org_id",          "status",    "post", "joined_party_on",
      "transfer_in_on", "transfer_out_on", "id_number", "phone"};
  std::vector<std::string_view> allowed(kFields.begin(), kFields.end());
  if (patch) allowed.push_back("version");
  for (auto& [k, v] : in.raw().items())
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      return InvalidArgument(k, k + " is not a known field");
  SHUNIU_RETURN_IF_ERROR(Strings(in, {{"name", &out.name, 64},
                                      {"status", &out.status, 16},
                                      {"post", &out.post, 20},
                                      {"joined_party_on", &out.joined_party_on, 10},
                                      {"transfer_in_on", &out.transfer_in_on, 10},
                                      {"id_number", &out.id_number, 32},
                                      {"phone", &out.phone, 32}}));
  if (in.raw().contains("transfer_out_on")) {
    auto v = in.OptionalString("transfer_out_on", 10);
    if (!v.ok()) return v.status();
    out.transfer_out_on = (*v && !(*v)->empty()) ? *v : std::nullopt;
  }
  if (in.raw().contains("org_id")) {
    auto v = in.OptionalInt("org_id");
    if (!v.ok()) return v.status();
    out.org_id = *v;
  }
  return out;
}

Result<ActivityInput> ParseActivity(const JsonInput& in, bool patch) {
  ActivityInput out;
  SHUNIU_RETURN_IF_ERROR(
      patch
          ? in.AllowOnly({"version", "kind", "held_on", "place", "topic", "minutes", "attendance"})
          : in.AllowOnly({"kind", "held_on", "place", "topic", "minutes", "attendance"}));
  SHUNIU_RETURN_IF_ERROR(Strings(in, {{"kind", &out.kind, 16},
                                      {"held_on", &out.held_on, 10},
                                      {"place", &out.place, 200},
                                      {"topic", &out.topic, 200},
                                      {"minutes", &out.minutes, 20000}}));
  if (in.Has("attendance")) {
    const json& a = in.raw()["attendance"];
    if (!a.is_array() || a.size() > 500)
      return InvalidArgument("attendance", "attendance must be a list of at most 500 entries");
    std::vector<AttendanceInput> list;
    for (size_t i = 0; i < a.size(); ++i) {
      std::string field = "attendance[" + std::to_string(i) + "]";
      if (!a[i].is_object()) return InvalidArgument(field, field + " must be an object");
      JsonInput x(a[i]);
      Status st = x.AllowOnly({"member_id", "status", "reason"});
      if (!st.ok()) return InvalidArgument(field + "." + st.field(), st.message());
      auto m = x.RequiredInt("member_id");
      if (!m.ok()) return InvalidArgument(field + ".member_id", "member_id is required");
      auto s = x.RequiredString("status", 1, 16);
      if (!s.ok()) return InvalidArgument(field + ".status", "status is required");
      auto r = x.OptionalString("reason", 200);
      if (!r.ok()) return InvalidArgument(field + ".reason", r.status().message());
      list.push_back({*m, *s, r->value_or("")});
    }
    out.attendance = std::move(list);
  }
  return out;
}

template <typename Parse, typename Call>
http::Response WithBody(const Request& req, bool patch, Parse parse, Call call) {
  auto body = http::ParseBody(req);
  if (!body.ok()) return http::Error(body.status(), req.request_id);
  long long version = 0;
  if (patch) {
    auto v = body->RequiredInt("version");
    if (!v.ok()) return http::Error(v.status(), req.request_id);
    version = *v;
  }
  auto in = parse(*body, patch);
  if (!in.ok()) return http::Error(in.status(), req.request_id);
  return call(*in, version);
}

http::Handler ListBranches(PartyService& s) {
  return [&s](const Request& req) {
    return http::Render(req, s.List(req.caller()), [](const std::vector<Branch>& v) {
      json items = json::array();
      for (auto& b : v) items.push_back(BranchJson(b, false));
      return http::PageJson(items, static_cast<long long>(v.size()), 1,
                            static_cast<long long>(std::max<size_t>(v.size(), 1)));
    });
  };
}

http::Handler CreateBranch(PartyService& s) {
  return [&s](const Request& req) {
    return WithBody(req, false, ParseBranch, [&](const BranchInput& in, long long) {
      return http::Render(
          req, s.Create(req.caller(), in), [](const Branch& b) { return BranchJson(b, true); },
          201);
    });
  };
}

http::Handler GetBranch(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id),
                        [](const Branch& b) { return BranchJson(b, true); });
  };
}

http::Handler UpdateBranch(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return WithBody(req, true, ParseBranch, [&](const BranchInput& in, long long version) {
      return http::Render(req, s.Update(req.caller(), *id, version, in),
                          [](const Branch& b) { return BranchJson(b, true); });
    });
  };
}

http::Handler SetOfficer(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status st = body->AllowOnly({"user_id", "appointed"});
    if (!st.ok()) return http::Error(st, req.request_id);
    auto user = body->RequiredInt("user_id");
    if (!user.ok()) return http::Error(user.status(), req.request_id);
    auto appointed = body->OptionalBool("appointed");
    if (!appointed.ok()) return http::Error(appointed.status(), req.request_id);
    return http::Render(req, s.SetOfficer(req.caller(), *id, *user, appointed->value_or(true)),
                        [](const Branch& b) { return BranchJson(b, true); });
  };
}

http::Handler ListMembers(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Members(req.caller(), *id), [](const std::vector<Member>& v) {
      json items = json::array();
      for (auto& m : v) items.push_back(MemberJson(m));
      return json{{"items", items}, {"total", v.size()}};
    });
  };
}

http::Handler GetMember(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto mid = http::IdParam(req, "mid");
    if (!mid.ok()) return http::Error(mid.status(), req.request_id);
    std::string unmask = "," + Query(req, "unmask", 40) + ",";
    bool id_number = unmask.find(",id_number,") != std::string::npos;
    bool phone = unmask.find(",phone,") != std::string::npos;
    if (unmask != ",," && !id_number && !phone)
      return http::Error(InvalidArgument("unmask", "unmask must name id_number and/or phone"),
                         req.request_id);
    return http::Render(req, s.GetMember(req.caller(), *id, *mid, id_number, phone), MemberJson);
  };
}

http::Handler AddMember(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return WithBody(req, false, ParseMember, [&](const MemberInput& in, long long) {
      return http::Render(req, s.AddMember(req.caller(), *id, in), MemberJson, 201);
    });
  };
}

http::Handler UpdateMember(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto mid = http::IdParam(req, "mid");
    if (!mid.ok()) return http::Error(mid.status(), req.request_id);
    return WithBody(req, true, ParseMember, [&](const MemberInput& in, long long version) {
      return http::Render(req, s.UpdateMember(req.caller(), *id, *mid, version, in), MemberJson);
    });
  };
}

http::Handler ListActivities(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    ActivityFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    f.kind = Query(req, "kind", 16);
    f.from = Query(req, "from", 10);
    f.to = Query(req, "to", 10);
    return http::Render(req, s.Activities(req.caller(), *id, f), [&](const auto& page) {
      json items = json::array();
      for (auto& a : page.first) items.push_back(ActivityJson(a, false));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler GetActivity(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto aid = http::IdParam(req, "aid");
    if (!aid.ok()) return http::Error(aid.status(), req.request_id);
    return http::Render(req, s.GetActivity(req.caller(), *id, *aid),
                        [](const Activity& a) { return ActivityJson(a, true); });
  };
}

http::Handler AddActivity(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return WithBody(req, false, ParseActivity, [&](const ActivityInput& in, long long) {
      return http::Render(
          req, s.AddActivity(req.caller(), *id, in),
          [](const Activity& a) { return ActivityJson(a, true); }, 201);
    });
  };
}

http::Handler UpdateActivity(PartyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto aid = http::IdParam(req, "aid");
    if (!aid.ok()) return http::Error(aid.status(), req.request_id);
    return WithBody(req, true, ParseActivity, [&](const ActivityInput& in, long long version) {
      return http::Render(req, s.UpdateActivity(req.caller(), *id, *aid, version, in),
                          [](const Activity& a) { return ActivityJson(a, true); });
    });
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  // Branch reads are open to every logged-in role at the gate and writes to
  // every role an officer may hold: the service answers 404 to whoever is
  // neither an admin in scope nor an officer of the branch.
  const std::vector<Role> kAny = {};
  const std::vector<Role> kAdmin = {Role::kAdmin};
  // Writers: the roles an officer may hold. Auditors and reviewers, never
  // officers, are refused at the gate like on every other write route.
  const std::vector<Role> kWriters = {Role::kAdmin, Role::kStaff, Role::kOrg};
  auto& sv = s.party;
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/party-branches", Access::kLoggedIn, kAny, "Joint Party branches the caller may see (admins in scope, appointed officers)", "party", ListBranches(sv)},
      {"POST", "/api/v1/party-branches", Access::kRoles, kAdmin, "Create a joint Party branch led by an organization (admin)", "party", CreateBranch(sv)},
      {"GET", "/api/v1/party-branches/{id}", Access::kLoggedIn, kAny, "Read a branch with its officers and committee", "party", GetBranch(sv)},
      {"PATCH", "/api/v1/party-branches/{id}", Access::kRoles, kWriters, "Edit a branch (version; admin or officer)", "party", UpdateBranch(sv)},
      {"POST", "/api/v1/party-branches/{id}/officers", Access::kRoles, kWriters, "Appoint or remove a branch officer account (admin)", "party", SetOfficer(sv)},
      {"GET", "/api/v1/party-branches/{id}/members", Access::kLoggedIn, kAny, "Members of a branch, masked, with participation figures", "party", ListMembers(sv)},
      {"POST", "/api/v1/party-branches/{id}/members", Access::kRoles, kWriters, "Add a member (ID number checked, sealed and masked)", "party", AddMember(sv)},
      {"GET", "/api/v1/party-branches/{id}/members/{mid}", Access::kLoggedIn, kAny, "Read a member (?unmask=id_number,phone: audited)", "party", GetMember(sv)},
      {"PATCH", "/api/v1/party-branches/{id}/members/{mid}", Access::kRoles, kWriters, "Edit a member, status, post or transfer dates (version)", "party", UpdateMember(sv)},
      {"GET", "/api/v1/party-branches/{id}/activities", Access::kLoggedIn, kAny, "Activities of a branch (kind, from, to, paging)", "party", ListActivities(sv)},
      {"POST", "/api/v1/party-branches/{id}/activities", Access::kRoles, kWriters, "Record an activity with minutes and attendance", "party", AddActivity(sv)},
      {"GET", "/api/v1/party-branches/{id}/activities/{aid}", Access::kLoggedIn, kAny, "Read an activity with minutes and attendance", "party", GetActivity(sv)},
      {"PATCH", "/api/v1/party-branches/{id}/activities/{aid}", Access::kRoles, kWriters, "Edit an activity or its attendance (version)", "party", UpdateActivity(sv)},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::party::routes
