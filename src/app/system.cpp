// Composition root and the Jiangmen demo loader.
#include "app/system.h"

#include "auth/password_policy.h"
#include "db/migrate.h"
#include "org/org_demo.h"
#include "project/closeout_service.h"

namespace shuniu::app {

Result<std::unique_ptr<System>> System::Open(const Config& cfg, bool migrate) {
  auto sys = std::make_unique<System>();
  sys->cfg = cfg;
  auto db = db::Database::Open(cfg.db_url, cfg.workers);
  if (!db.ok()) return db.status();
  sys->db = std::move(db).value();
  if (migrate) {
    auto m = db::Migrate(*sys->db);
    if (!m.ok()) return m.status();
  } else {
    auto pending = db::PendingMigrations(*sys->db);
    if (!pending.ok()) return pending.status();
    if (!pending->empty())
      return Status(Code::kConflict, "database needs migration (" + pending->front() +
                                         " pending): run `shuniu db migrate`");
  }
  auto secret = LoadOrCreateSecret(cfg.key_file);
  if (!secret.ok()) return secret.status();
  auto profile = auth::ParseProfile(cfg.password_policy);
  if (!profile.ok()) return profile.status();
  sys->audit = std::make_unique<audit::AuditService>(*sys->db);
  sys->regions = std::make_unique<region::RegionService>(*sys->db);
  sys->sessions = std::make_unique<auth::SessionCache>();
  sys->auth = std::make_unique<auth::AuthService>(*sys->db, cfg, *secret, *sys->sessions);
  sys->users =
      std::make_unique<auth::UserService>(*sys->db, *profile, cfg.root_region, *sys->sessions);
  sys->orgs = std::make_unique<org::OrgService>(*sys->db, *sys->regions, *secret);
  sys->users->set_org_check([orgs = sys->orgs.get()](const Principal& p, long long id) {
    return orgs->CheckInScope(p, id);
  });
  sys->files = std::make_unique<files::FileService>(*sys->db, *sys->audit, *sys->orgs, sys->cfg);
  sys->notices = std::make_unique<notice::NoticeService>(*sys->db, *sys->audit, *sys->orgs,
                                                         *sys->users, *sys->files, sys->cfg);
  hub::Deps deps{*sys->db,   sys->cfg,    *sys->audit, *sys->regions,
                 *sys->orgs, *sys->users, *sys->files, *sys->notices};
  sys->bases = std::make_unique<hub::BaseService>(deps);
  sys->reviews = std::make_unique<hub::ReviewService>(deps);
  sys->liaison = std::make_unique<hub::LiaisonService>(deps);
  sys->meetings = std::make_unique<hub::MeetingService>(deps);
  sys->surveys = std::make_unique<hub::SurveyService>(deps);
  sys->trainings = std::make_unique<hub::TrainingService>(deps);
  sys->projects = std::make_unique<project::ProjectService>(deps);
  sys->tenders = std::make_unique<tender::TenderService>(deps, *sys->projects);
  sys->supervision = std::make_unique<project::SupervisionService>(deps, *sys->projects);
  sys->competitions = std::make_unique<competition::CompetitionService>(deps, *sys->projects);
  sys->votes = std::make_unique<vote::VoteService>(deps, vote::MakeSmsSender(sys->cfg));
  sys->homes = std::make_unique<home::HomeService>(deps);
  sys->party = std::make_unique<party::PartyService>(deps);
  sys->interns = std::make_unique<intern::InternService>(deps);
  sys->reports = std::make_unique<report::ReportService>(*sys->db, *sys->regions);
  sys->dashboard = std::make_unique<dashboard::DashboardService>(*sys->db);
  return sys;
}

http::Services System::services() {
  return http::Services{*db,       cfg,      *auth,        *users,        *regions,
                        *audit,    *orgs,    *files,       *notices,      *bases,
                        *reviews,  *liaison, *meetings,    *surveys,      *trainings,
                        *projects, *tenders, *supervision, *competitions, *votes,
                        *homes,    *party,   *interns,     *reports,      *dashboard};
}

Result<std::vector<DemoAccount>> LoadDemo(System& sys) {
  Principal cli = sys.users->CliPrincipal("demo");
  auto rep = sys.regions->Import(cli.ctx, sys.cfg.data_dir + "/regions/jiangmen", "4407");
  if (!rep.ok()) return rep.status();
  // Demo staff of the Jiangmen federation at each level (names are illustrative).
  std::vector<DemoAccount> accounts = {
      {"jm_admin", "江门市妇联 系统管理员", "admin", "440700000000", ""},
      {"jm_staff", "江门市妇联 李慧敏", "staff", "440700000000", ""},
      {"xh_staff", "新会区妇联 陈雪梅", "staff", "440705000000", ""},
      {"hc_staff", "会城街道妇联 黄丽娟", "staff", "440705001000", ""},
      {"ts_staff", "台山市妇联 伍美玲", "staff", "440781000000", ""},
      {"jm_finance", "江门市妇联 财务 周婉华", "staff", "440700000000", ""},
      {"jm_auditor", "江门市妇联 审计员 梁志红", "auditor", "440700000000", ""},
      {"jm_reviewer", "评审专家 吴晓芳", "reviewer", "440700000000", ""},
      {"jm_reviewer2", "评审专家 郑国华", "reviewer", "440700000000", ""},
  };
  for (auto& a : accounts) {
    auto existing = sys.users->FindByUsername(a.username);
    if (!existing.ok()) return existing.status();
    if (*existing) continue;
    a.password = auth::GeneratePassword();
    auto u = sys.users->Create(cli, auth::NewUser{a.username, a.display_name, *ParseRole(a.role),
                                                  a.region_code, a.password, false, std::nullopt});
    if (!u.ok()) return u.status();
  }
  auto cadre = sys.users->FindByUsername("jm_staff");
  if (!cadre.ok()) return cadre.status();
  auto orgs = org::LoadOrgDemo(*sys.orgs, *sys.regions, cli,
                               *cadre ? std::optional<long long>((*cadre)->id) : std::nullopt);
  if (!orgs.ok()) return orgs.status();
  // An organization account for the seed's 江门市向日葵家庭教育指导中心.
  DemoAccount org_account{"xrk_org", "向日葵家庭教育指导中心 何婉仪", "org", "440700000000", ""};
  auto existing = sys.users->FindByUsername(org_account.username);
  if (!existing.ok()) return existing.status();
  if (!*existing) {
    org::OrgFilter f;
    f.q = "江门市向日葵家庭教育指导中心";
    auto found = sys.orgs->List(cli, f);
    if (!found.ok()) return found.status();
    if (!found->first.empty()) {
      org_account.password = auth::GeneratePassword();
      auto u = sys.users->Create(
          cli, auth::NewUser{org_account.username, org_account.display_name, Role::kOrg,
                             org_account.region_code, org_account.password, false,
                             found->first.front().id});
      if (!u.ok()) return u.status();
    }
  }
  accounts.push_back(org_account);
  // The operator of the city incubation base (a base operator: an org account of
  // 江门市晴海天社会工作综合服务中心, see hub/base_service.h).
  DemoAccount base_op{"base_op", "晴海天社工中心 梁嘉欣", "org", "440700000000", ""};
  auto op_user = sys.users->FindByUsername(base_op.username);
  if (!op_user.ok()) return op_user.status();
  if (!*op_user) {
    org::OrgFilter f;
    f.q = "江门市晴海天社会工作综合服务中心";
    auto found = sys.orgs->List(cli, f);
    if (!found.ok()) return found.status();
    if (!found->first.empty()) {
      base_op.password = auth::GeneratePassword();
      auto u =
          sys.users->Create(cli, auth::NewUser{base_op.username, base_op.display_name, Role::kOrg,
                                               base_op.region_code, base_op.password, false,
                                               found->first.front().id});
      if (!u.ok()) return u.status();
    }
  }
  accounts.push_back(base_op);
  // The joint Party branch's secretary (an org account of the lead organization);
  // the Party demo appoints it as the branch officer (see party/party_service.h).
  DemoAccount party_sec{"party_sec", "联合党支部书记 梁嘉欣", "org", "440700000000", ""};
  auto sec_user = sys.users->FindByUsername(party_sec.username);
  if (!sec_user.ok()) return sec_user.status();
  if (!*sec_user) {
    org::OrgFilter f;
    f.q = "江门市晴海天社会工作综合服务中心";
    auto found = sys.orgs->List(cli, f);
    if (!found.ok()) return found.status();
    if (!found->first.empty()) {
      party_sec.password = auth::GeneratePassword();
      auto u =
          sys.users->Create(cli, auth::NewUser{party_sec.username, party_sec.display_name,
                                               Role::kOrg, party_sec.region_code,
                                               party_sec.password, false, found->first.front().id});
      if (!u.ok()) return u.status();
    }
  }
  accounts.push_back(party_sec);
  // Each capability of the hub adds its part, in dependency order.
  for (auto* load :
       {+[](System&s, const Principal&p) { return s.bases->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.reviews->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.liaison->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.meetings->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.surveys->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.trainings->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.projects->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.tenders->LoadDemo(p); },
        // Competitions before supervision: their funded projects report and get paid too.
        +[](System&s, const Principal&p) { return s.competitions->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.supervision->LoadDemo(p); },
        +[](System&s, const Principal&p) { return project::LoadCloseoutDemo(*s.projects, p); },
        +[](System&s, const Principal&p) { return s.homes->LoadDemo(p); },
        // The Party branch and the internship bases after the hub (bases, residents).
        +[](System&s, const Principal&p) { return s.party->LoadDemo(p); },
        +[](System&s, const Principal&p) { return s.interns->LoadDemo(p); }}) {
    Status st = load(sys, cli);
    if (!st.ok()) return st;
  }
  // Notices last: they go to the organizations the others have set up.
  Status st = sys.notices->LoadDemo(cli);
  if (!st.ok()) return st;
  return accounts;
}

}  // namespace shuniu::app
