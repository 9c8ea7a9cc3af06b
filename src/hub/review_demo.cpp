// The Jiangmen demo of annual reviews: the 2025 reviews of the registered
// organizations in every state, published disclosures, two overdue
// organizations flagged abnormal, and a few 2026 drafts started early.
#include <nlohmann/json.hpp>

#include "core/time.h"
#include "hub/review_service.h"

namespace shuniu::hub {
namespace {

// A tiny deterministic generator (the demo is the same on every load).
struct Rng {
  uint64_t s = 20250531;
  uint32_t Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(s >> 33);
  }
  long long Pick(long long n) { return static_cast<long long>(Next() % n); }
};

const char* kGovernance[] = {
    "2025年召开会员大会1次、理事会4次,完成理事会换届;监事会列席理事会并对财务进行监督。",
    "按章程召开理事会3次,重大事项经理事会集体决策;秘书处设专职秘书长1名。",
    "2025年修订章程并报登记管理机关核准;召开理事会2次、会员代表大会1次。",
    "理事会每季度召开一次,建立党支部并开展组织生活;财务、人事制度齐全。",
};
const char* kActivities[] = {
    "承接市妇联“家庭教育进社区”项目,开展家长课堂36场,服务家庭1200余户。",
    "开展妇女法律咨询和维权援助,接待来访咨询420人次,代理案件18宗。",
    "组织巾帼志愿服务活动52次,参与志愿者860人次,关爱留守儿童和困境妇女。",
    "开展家政技能培训8期,培训妇女260人,推荐就业150人。",
    "实施“贫困母亲心灵关怀”项目,开展心理辅导和个案服务96例。",
    "举办侨乡女性文化讲座和手工艺展示活动12场,受益群众约3000人次。",
};

Result<Principal> StaffPrincipal(auth::UserService& users, const std::string& username,
                                 const Principal& fallback) {
  auto u = users.FindByUsername(username);
  if (!u.ok()) return u.status();
  if (!*u) return fallback;
  Principal p;
  p.user_id = (*u)->id;
  p.username = (*u)->username;
  p.role = (*u)->role;
  p.region_code = (*u)->region_code;
  p.ctx = fallback.ctx;
  p.ctx.actor_id = (*u)->id;
  p.ctx.actor_name = (*u)->username;
  return p;
}

// A small valid PDF for the demo attachments.
std::string Pdf(const std::string& title) {
  return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 "
         "R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
         "% " +
         title + "\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

}  // namespace

Status ReviewService::LoadDemo(const Principal& cli) {
  bool exists = false;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne("SELECT COUNT(*) FROM annual_reviews");
    if (!n.ok()) return n.status();
    exists = (*n)->Int(0) > 0;
    return Status::Ok();
  }));
  if (exists) return Status::Ok();
  auto staff = StaffPrincipal(d_.users, "jm_staff", cli);
  if (!staff.ok()) return staff.status();
  // The registered organizations under review for 2025.
  org::OrgFilter f;
  f.registered = true;
  f.size = 1000;
  f.sort = "name";
  auto orgs = d_.orgs.List(cli, f);
  if (!orgs.ok()) return orgs.status();
  std::vector<org::Org> campaign;
  for (auto& o : orgs->first)
    if (o.Get("status") != "deregistered" && o.Get("status") != "incubating") campaign.push_back(o);
  if (campaign.size() < 30) return Status::Ok();  // not the Jiangmen demo
  // Probe the file store once: without it the demo records reviews without files.
  auto probe = d_.files.Upload(cli, "章程.pdf", Pdf("章程"), campaign.front().id);
  bool with_files = probe.ok();
  demo_without_files_ = !with_files;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{demo_without_files_};

  Rng rng;
  const long long year = 2025;
  size_t n = campaign.size();
  for (size_t i = 0; i < n; ++i) {
    const org::Org& o = campaign[i];
    // Plan: the last two are overdue (one never started, one left in draft).
    enum Plan {
      kNone,
      kDraft,
      kSubmitted,
      kReturned,
      kResubmitted,
      kQualified,
      kBasic,
      kUnqualified
    };
    Plan plan = kQualified;
    if (i == n - 1)
      plan = kNone;
    else if (i == n - 2)
      plan = kDraft;
    else if (i == 17 || i == 53)
      plan = kReturned;
    else if (i == 29 || i == 41)
      plan = kResubmitted;
    else if (i == 23)
      plan = kUnqualified;
    else if (i % 12 == 5)
      plan = kSubmitted;
    else if (i % 12 == 7)
      plan = kBasic;
    if (plan == kNone) continue;
    ReviewInput in;
    in.texts["governance"] = kGovernance[rng.Pick(4)];
    in.texts["activities"] = kActivities[rng.Pick(6)];
    long long income = (50000 + rng.Pick(2950000)) * 100;  // fen
    long long gov = income * (20 + rng.Pick(50)) / 100, don = income * rng.Pick(20) / 100;
    long long fees = income * rng.Pick(15) / 100;
    in.nums["income_fen"] = income;
    in.nums["income_government_fen"] = gov;
    in.nums["income_donations_fen"] = don;
    in.nums["income_service_fees_fen"] = fees;
    in.nums["income_other_fen"] = income - gov - don - fees;
    in.nums["spending_fen"] = income * (80 + rng.Pick(25)) / 100;
    in.nums["staff_fulltime"] = rng.Pick(12);
    in.nums["staff_parttime"] = rng.Pick(6);
    in.nums["volunteers"] = 10 + rng.Pick(300);
    if (with_files && plan != kDraft) {
      const std::string name = o.Get("name");
      std::pair<const char*, const char*> files[] = {
          {"work_report_file_id", "2025年度工作报告.pdf"},
          {"financial_file_id", "2025年度财务报表.pdf"},
          {"audit_file_id", "2025年度审计报告.pdf"}};
      for (auto [field, title] : files) {
        auto up = d_.files.Upload(cli, title, Pdf(name + " " + title), o.id);
        if (!up.ok()) return up.status();
        in.nums[field] = up->id;
      }
    }
    auto r = Create(cli, o.id, year, in);
    if (!r.ok())
      return Status(r.status().code(), o.Get("name") + ": " + r.status().message(),
                    r.status().field());
    if (plan == kDraft) continue;
    auto s = Submit(cli, r->id, std::nullopt);
    if (!s.ok())
      return Status(s.status().code(), o.Get("name") + ": " + s.status().message(),
                    s.status().field());
    if (plan == kSubmitted) continue;
    if (plan == kReturned || plan == kResubmitted) {
      auto ret = Return(*staff, r->id, std::nullopt,
                        "审计报告缺少签章页,收支明细与财务报表不一致,请补正后重新提交。");
      if (!ret.ok()) return ret.status();
      if (plan == kReturned) continue;
      auto again = Submit(cli, r->id, std::nullopt);
      if (!again.ok()) return again.status();
      continue;
    }
    std::map<std::string, std::string> checklist;
    for (auto& k : ChecklistItems()) checklist[k] = "yes";
    std::string result = "qualified", reasons;
    if (plan == kBasic) {
      result = "basically_qualified";
      checklist["disclosure_complete"] = "no";
      reasons = "信息公开内容不完整,部分活动未按时公示;财务票据管理有待规范,已要求限期整改。";
    } else if (plan == kUnqualified) {
      result = "unqualified";
      checklist["governance_meetings"] = "no";
      checklist["audit_clean"] = "no";
      reasons = "全年未按章程召开理事会,审计报告为保留意见,存在账外收支,责令整改。";
    }
    auto d = Decide(*staff, r->id, std::nullopt, result, reasons, checklist);
    if (!d.ok()) return d.status();
  }
  // A few organizations started their 2026 disclosure early.
  for (size_t i = 0; i < 3 && i < n; ++i) {
    ReviewInput in;
    in.texts["governance"] = kGovernance[i];
    auto r = Create(cli, campaign[i * 7].id, 2026, in);
    if (!r.ok()) return r.status();
  }
  // The 2025 campaign closed on 2026-05-31; past the grace period the sweep flags
  // the two organizations that never submitted.
  int64_t now = NowMs();
  auto flagged = FlagOverdue(cli, year, now);
  if (!flagged.ok()) return flagged.status();
  return Status::Ok();
}

}  // namespace shuniu::hub
