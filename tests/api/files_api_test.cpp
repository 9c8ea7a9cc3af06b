// Files: upload checks (size, content against name, quota), SHA-256, storage in
// a directory and in the database, scoped download with safe headers, grants,
// and the audit trail — through the HTTP pipeline, on both storage modes.
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/harness.h"
#include "core/crypto.h"
#include "sheet/writer.h"

namespace shuniu::testing {
namespace {

constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";
constexpr const char* kJiangmen = "440700000000";
constexpr const char* kBoundary = "----shuniuTestBoundary7MA4YWxk";

const std::string kPdf =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

std::string Part(const std::string& field, const std::string& filename, const std::string& data) {
  std::string h =
      std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"";
  if (!filename.empty()) h += "; filename=\"" + filename + "\"";
  h += "\r\n";
  if (!filename.empty()) h += "Content-Type: application/octet-stream\r\n";
  return h + "\r\n" + data + "\r\n";
}

std::string Form(const std::string& filename, const std::string& data,
                 std::optional<long long> org_id = std::nullopt) {
  std::string body = Part("file", filename, data);
  if (org_id) body += Part("org_id", "", std::to_string(*org_id));
  return body + "--" + kBoundary + "--\r\n";
}

class FilesApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    s_ = MakeStack(true, "asvs", GetParam());
    org_xh_ = MakeOrg(*s_.sys, "会城妇女互助会", kXinhui);
    org_ts_ = MakeOrg(*s_.sys, "台山巾帼志愿队", kTaishan);
    MakeUser(*s_.sys, "f.admin", Role::kAdmin, kJiangmen);
    MakeUser(*s_.sys, "f.staff.xh", Role::kStaff, kXinhui);
    MakeUser(*s_.sys, "f.staff.ts", Role::kStaff, kTaishan);
    MakeUser(*s_.sys, "f.auditor", Role::kAuditor, kJiangmen);
    MakeUser(*s_.sys, "f.org.xh", Role::kOrg, kXinhui, kPassword, org_xh_);
    MakeUser(*s_.sys, "f.org.ts", Role::kOrg, kTaishan, kPassword, org_ts_);
    MakeUser(*s_.sys, "f.reviewer", Role::kReviewer, kXinhui);
  }

  http::Response Upload(Client& c, const std::string& filename, const std::string& data,
                        std::optional<long long> org_id = std::nullopt) {
    c.headers["content-type"] = std::string("multipart/form-data; boundary=") + kBoundary;
    auto r = c.Call("POST", "/api/v1/files", Form(filename, data, org_id));
    c.headers.erase("content-type");
    return r;
  }

  // Uploads as staff of Xinhui for the Xinhui organization; returns the id.
  long long XinhuiFile(const std::string& name = "入驻协议.pdf", const std::string& data = kPdf) {
    Client staff = LoggedIn(s_, "f.staff.xh");
    auto r = Upload(staff, name, data, org_xh_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? staff.Json(r)["id"].get<long long>() : 0;
  }

  long long FileCount() { return QueryInt(*s_.sys, "SELECT COUNT(*) FROM files"); }

  Stack s_;
  long long org_xh_ = 0, org_ts_ = 0;
};

TEST_P(FilesApiTest, UploadAndDownloadRoundTripKeepsTheBytesAndTheirSha256) {
  Client staff = LoggedIn(s_, "f.staff.xh");
  std::string data = kPdf + std::string("\x00\x01\xff binary tail", 16);
  auto up = Upload(staff, "入驻协议 2026.pdf", data, org_xh_);
  ASSERT_EQ(up.status, 201) << up.body;
  auto meta = staff.Json(up);
  EXPECT_EQ(meta["name"], "入驻协议 2026.pdf");
  EXPECT_EQ(meta["mime"], "application/pdf");
  EXPECT_EQ(meta["size"], static_cast<long long>(data.size()));
  EXPECT_EQ(meta["sha256"], crypto::Sha256Hex(data));
  EXPECT_EQ(meta["org_id"], org_xh_);
  EXPECT_EQ(meta["region_code"], kXinhui);
  EXPECT_FALSE(meta["created_at"].get<std::string>().empty());
  long long id = meta["id"];
  EXPECT_GT(id, 1000);  // random, not sequential

  auto get = staff.Call("GET", "/api/v1/files/" + std::to_string(id));
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(staff.Json(get)["sha256"], meta["sha256"]);

  auto dl = staff.Call("GET", "/api/v1/files/" + std::to_string(id) + "/content");
  ASSERT_EQ(dl.status, 200) << dl.body;
  EXPECT_EQ(dl.body, data);
  EXPECT_EQ(crypto::Sha256Hex(dl.body), meta["sha256"]);
  EXPECT_EQ(dl.content_type, "application/pdf");
  std::string cd = HeaderOf(dl, "Content-Disposition");
  EXPECT_EQ(cd.rfind("attachment;", 0), 0u) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''%E5%85%A5%E9%A9%BB%E5%8D%8F%E8%AE%AE%202026.pdf"),
            std::string::npos)
      << cd;
  EXPECT_NE(cd.find("filename=\"____ 2026.pdf\""), std::string::npos) << cd;
  EXPECT_EQ(HeaderOf(dl, "X-Content-Type-Options"), "nosniff");
  std::string csp = HeaderOf(dl, "Content-Security-Policy");
  EXPECT_NE(csp.find("sandbox"), std::string::npos) << csp;
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  std::string cache = HeaderOf(dl, "Cache-Control");
  EXPECT_NE(cache.find("no-store"), std::string::npos);
  EXPECT_NE(cache.find("private"), std::string::npos);
  int csps = 0;
  for (auto& [k, v] : dl.headers) csps += k == "Content-Security-Policy";
  EXPECT_EQ(csps, 1);

  EXPECT_EQ(CountEvents(*s_.sys, "file.upload"), 1);
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT storage FROM files WHERE id = :1", {id}), GetParam());
  std::string sha = meta["sha256"];
  if (GetParam() == "dir") {
    auto path =
        std::filesystem::path(s_.sys->cfg.files_dir) / sha.substr(0, 2) / sha.substr(2, 2) / sha;
    EXPECT_TRUE(std::filesystem::is_regular_file(path)) << path;
    EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM file_blobs"), 0);
  } else {
    EXPECT_EQ(QueryInt(*s_.sys, "SELECT size FROM file_blobs WHERE sha256 = :1", {sha}),
              static_cast<long long>(data.size()));
    EXPECT_FALSE(std::filesystem::exists(s_.sys->cfg.files_dir + "/" + sha.substr(0, 2)));
  }
}

TEST_P(FilesApiTest, EqualUploadsShareOneStoredCopy) {
  long long a = XinhuiFile("a.pdf");
  long long b = XinhuiFile("b.pdf");
  EXPECT_NE(a, b);
  EXPECT_EQ(FileCount(), 2);
  if (GetParam() == "db") {
    EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM file_blobs"), 1);
  }
  Client staff = LoggedIn(s_, "f.staff.xh");
  EXPECT_EQ(staff.Call("GET", "/api/v1/files/" + std::to_string(b) + "/content").body, kPdf);
}

TEST_P(FilesApiTest, ContentThatDoesNotMatchTheNameIsRejectedWith422) {
  Client staff = LoggedIn(s_, "f.staff.xh");
  struct Case {
    std::string name, data, says;
  };
  std::string elf =
      "\x7f"
      "ELF\x02\x01\x01" +
      std::string(9, '\0') + std::string(48, '\x01');
  std::vector<Case> cases = {
      {"run.pdf", "#!/bin/sh\nrm -rf /\n", "shell script"},
      {"page.pdf", "<html><body><script>alert(1)</script></body></html>", "HTML"},
      {"page.txt", "<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML"},
      {"logo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>", "SVG"},
      {"tool.pdf", elf, "program"},
      {"photo.jpg", kPdf, "PDF"},
      {"notes.docx", "PK\x03\x04 not really an office file", ""},
  };
  for (auto& c : cases) {
    auto r = Upload(staff, c.name, c.data, org_xh_);
    EXPECT_EQ(r.status, 422) << c.name << ": " << r.body;
    EXPECT_EQ(ErrorField(r), "file") << c.name;
    std::string msg = staff.Json(r)["error"]["message"];
    EXPECT_NE(msg.find(c.says), std::string::npos) << c.name << ": " << msg;
    EXPECT_NE(msg.find("not"), std::string::npos) << msg;
  }
  // Types never accepted, whatever the content.
  for (std::string name : {"page.html", "logo.svg", "setup.exe", "run.sh", "noextension"}) {
    auto r = Upload(staff, name, "hello", org_xh_);
    EXPECT_EQ(r.status, 422) << name << ": " << r.body;
    EXPECT_EQ(ErrorField(r), "file") << name;
  }
  EXPECT_EQ(FileCount(), 0);
  EXPECT_EQ(CountEvents(*s_.sys, "file.upload"), 0);
}

TEST_P(FilesApiTest, EmptyFilesMissingPartsAndBadFormsAre422) {
  Client staff = LoggedIn(s_, "f.staff.xh");
  auto empty = Upload(staff, "empty.pdf", "", org_xh_);
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(ErrorField(empty), "file");

  staff.headers["content-type"] = std::string("multipart/form-data; boundary=") + kBoundary;
  auto nofile = staff.Call("POST", "/api/v1/files",
                           Part("other", "a.pdf", kPdf) + "--" + kBoundary + "--\r\n");
  EXPECT_EQ(nofile.status, 422) << nofile.body;
  EXPECT_EQ(ErrorField(nofile), "file");
  auto badorg = staff.Call(
      "POST", "/api/v1/files",
      Part("file", "a.pdf", kPdf) + Part("org_id", "", "abc") + "--" + kBoundary + "--\r\n");
  EXPECT_EQ(badorg.status, 422);
  EXPECT_EQ(ErrorField(badorg), "org_id");
  staff.headers.erase("content-type");

  auto json = staff.Call("POST", "/api/v1/files", R"({"file":"x"})");
  EXPECT_EQ(json.status, 422);
  EXPECT_EQ(ErrorField(json), "file");
  auto nobody = staff.Call("POST", "/api/v1/files");
  EXPECT_EQ(nobody.status, 422);
  auto noname = Upload(staff, "", kPdf, org_xh_);
  EXPECT_EQ(noname.status, 422);
  EXPECT_EQ(FileCount(), 0);
}

TEST_P(FilesApiTest, OverSizeUploadsAre413WhileJsonRoutesKeepTheGlobalLimit) {
  Client staff = LoggedIn(s_, "f.staff.xh");
  const long long max = s_.sys->cfg.file_max_bytes;
  // Just over the file limit, within the route's body limit: the service says 413.
  std::string big = kPdf + std::string(static_cast<size_t>(max) - kPdf.size() + 1, ' ');
  auto r = Upload(staff, "big.pdf", big, org_xh_);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
  EXPECT_EQ(ErrorField(r), "file");
  EXPECT_NE(staff.Json(r)["error"]["message"].get<std::string>().find("20 MiB"), std::string::npos);
  // Far over: the pipeline refuses the body before any parsing.
  std::string huge = big + std::string(200 * 1024, ' ');
  auto r2 = Upload(staff, "huge.pdf", huge, org_xh_);
  EXPECT_EQ(r2.status, 413);
  EXPECT_EQ(ErrorField(r2), "body");
  // A file of several MiB (over the 1 MiB JSON limit) is fine on this route…
  std::string mid = kPdf + std::string(3 << 20, ' ');
  auto ok = Upload(staff, "mid.pdf", mid, org_xh_);
  EXPECT_EQ(ok.status, 201) << ok.body.substr(0, 300);
  // …and JSON routes still stop at 1 MiB.
  auto json = staff.Call("POST", "/api/v1/orgs", std::string(2 << 20, ' '));
  EXPECT_EQ(json.status, 413);
  EXPECT_EQ(FileCount(), 1);
}

TEST_P(FilesApiTest, OrganizationQuotaIsEnforced) {
  s_.sys->cfg.org_file_quota_bytes = 2 * static_cast<long long>(kPdf.size()) + 10;
  Client org = LoggedIn(s_, "f.org.xh");
  EXPECT_EQ(Upload(org, "a.pdf", kPdf).status, 201);
  EXPECT_EQ(Upload(org, "b.pdf", kPdf).status, 201);
  auto over = Upload(org, "c.pdf", kPdf);
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_EQ(ErrorField(over), "file");
  EXPECT_NE(over.body.find("quota"), std::string::npos) << over.body;
  // Staff uploading for that organization hit the same quota…
  Client staff = LoggedIn(s_, "f.staff.xh");
  EXPECT_EQ(Upload(staff, "d.pdf", kPdf, org_xh_).status, 413);
  // …while other organizations and files of no organization are unaffected.
  EXPECT_EQ(Upload(staff, "e.pdf", kPdf).status, 201);
  Client other = LoggedIn(s_, "f.org.ts");
  EXPECT_EQ(Upload(other, "f.pdf", kPdf).status, 201);
  EXPECT_EQ(FileCount(), 4);
  auto usage = s_.sys->db->Read([&](db::Conn& c) -> Status {
    auto u = s_.sys->files->OrgUsage(c, org_xh_);
    EXPECT_TRUE(u.ok());
    EXPECT_EQ(*u, 2 * static_cast<long long>(kPdf.size()));
    return Status::Ok();
  });
  EXPECT_TRUE(usage.ok());
}

TEST_P(FilesApiTest, ConcurrentUploadsCannotOvershootTheQuota) {
  const long long each = static_cast<long long>(kPdf.size()) + 100;
  s_.sys->cfg.org_file_quota_bytes = 3 * each;
  std::vector<std::string> bodies;
  for (int i = 0; i < 8; ++i)  // distinct contents: no shared stored copy
    bodies.push_back(kPdf + std::string(100, static_cast<char>('a' + i)));
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 8; ++i) clients.push_back(std::make_unique<Client>(LoggedIn(s_, "f.org.xh")));
  std::vector<int> status(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      status[i] = Upload(*clients[i], "q" + std::to_string(i) + ".pdf", bodies[i]).status;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(status.begin(), status.end(), 201), 3);
  EXPECT_EQ(std::count(status.begin(), status.end(), 413), 5);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT SUM(size) FROM files WHERE org_id = :1", {org_xh_}),
            3 * each);
}

TEST_P(FilesApiTest, DownloadOutOfScopeIs404) {
  long long id = XinhuiFile();
  std::string meta = "/api/v1/files/" + std::to_string(id);
  std::string content = meta + "/content";
  for (std::string who : {"f.staff.ts", "f.org.ts"}) {
    Client c = LoggedIn(s_, who);
    EXPECT_EQ(c.Call("GET", meta).status, 404) << who;
    auto r = c.Call("GET", content);
    EXPECT_EQ(r.status, 404) << who;
    EXPECT_EQ(r.body.find("%PDF"), std::string::npos);
    auto list = c.Json(c.Call("GET", "/api/v1/files"));
    EXPECT_EQ(list["total"], 0) << who;
  }
  for (std::string who : {"f.admin", "f.staff.xh", "f.auditor", "f.org.xh"}) {
    Client c = LoggedIn(s_, who);
    EXPECT_EQ(c.Call("GET", content).status, 200) << who;
    auto list = c.Json(c.Call("GET", "/api/v1/files"));
    EXPECT_EQ(list["total"], 1) << who;
    EXPECT_EQ(list["items"][0]["id"], id) << who;
  }
  // A reviewer fetches only files its tender panel opens to it: not this one.
  Client reviewer = LoggedIn(s_, "f.reviewer");
  EXPECT_EQ(reviewer.Call("GET", content).status, 404);
  EXPECT_EQ(reviewer.Call("GET", "/api/v1/files").status, 403);
  Client anon(*s_.app);
  EXPECT_EQ(anon.Call("GET", content).status, 401);
  Client staff = LoggedIn(s_, "f.staff.xh");
  EXPECT_EQ(staff.Call("GET", "/api/v1/files/123/content").status, 404);
  EXPECT_EQ(staff.Call("GET", "/api/v1/files/abc").status, 404);
}

TEST_P(FilesApiTest, UploadScopeFollowsTheRole) {
  // Org accounts upload for their own organization only.
  Client org = LoggedIn(s_, "f.org.xh");
  auto own = Upload(org, "report.pdf", kPdf);
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(org.Json(own)["org_id"], org_xh_);
  EXPECT_EQ(org.Json(own)["region_code"], kXinhui);
  auto foreign = Upload(org, "report.pdf", kPdf, org_ts_);
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(ErrorField(foreign), "org_id");
  // Staff upload for organizations in scope, or for none (their region).
  Client staff_ts = LoggedIn(s_, "f.staff.ts");
  auto out = Upload(staff_ts, "x.pdf", kPdf, org_xh_);
  EXPECT_EQ(out.status, 422) << out.body;
  EXPECT_EQ(ErrorField(out), "org_id");
  auto none = Upload(staff_ts, "通知.pdf", kPdf);
  ASSERT_EQ(none.status, 201);
  EXPECT_TRUE(staff_ts.Json(none)["org_id"].is_null());
  EXPECT_EQ(staff_ts.Json(none)["region_code"], kTaishan);
  long long none_id = staff_ts.Json(none)["id"];
  Client staff_xh = LoggedIn(s_, "f.staff.xh");
  EXPECT_EQ(staff_xh.Call("GET", "/api/v1/files/" + std::to_string(none_id)).status, 404);
  // Auditors read but never write.
  Client auditor = LoggedIn(s_, "f.auditor");
  EXPECT_EQ(Upload(auditor, "a.pdf", kPdf).status, 403);
  // The list filter by organization.
  Client admin = LoggedIn(s_, "f.admin");
  auto list = admin.Json(admin.Call("GET", "/api/v1/files?org_id=" + std::to_string(org_xh_)));
  EXPECT_EQ(list["total"], 1);
  auto all = admin.Json(admin.Call("GET", "/api/v1/files?size=1"));
  EXPECT_EQ(all["total"], 2);
  EXPECT_EQ(all["items"].size(), 1u);
  EXPECT_EQ(admin.Call("GET", "/api/v1/files?org_id=x").status, 422);
}

TEST_P(FilesApiTest, AGrantLetsAnotherOrganizationRead) {
  long long id = XinhuiFile();
  std::string content = "/api/v1/files/" + std::to_string(id) + "/content";
  Client other = LoggedIn(s_, "f.org.ts");
  EXPECT_EQ(other.Call("GET", content).status, 404);
  RequestContext ctx{std::nullopt, "test", "t-grant", "local"};
  for (int i = 0; i < 2; ++i) {  // idempotent
    Status st =
        s_.sys->db->Tx([&](db::Conn& c) { return s_.sys->files->Grant(c, ctx, id, org_ts_); });
    ASSERT_TRUE(st.ok()) << st.message();
  }
  EXPECT_EQ(CountEvents(*s_.sys, "file.grant"), 1);
  EXPECT_EQ(other.Call("GET", content).status, 200);
  auto list = other.Json(other.Call("GET", "/api/v1/files"));
  EXPECT_EQ(list["total"], 1);
  // The grant does not widen staff scope.
  Client staff_ts = LoggedIn(s_, "f.staff.ts");
  EXPECT_EQ(staff_ts.Call("GET", content).status, 404);
  Status missing =
      s_.sys->db->Tx([&](db::Conn& c) { return s_.sys->files->Grant(c, ctx, 42, org_ts_); });
  EXPECT_EQ(missing.code(), Code::kNotFound);
}

TEST_P(FilesApiTest, CheckAttachableAnswersForOtherServices) {
  long long org_file = XinhuiFile();
  Client staff = LoggedIn(s_, "f.staff.xh");
  auto up = Upload(staff, "通知.pdf", kPdf);  // no organization, region Xinhui
  ASSERT_EQ(up.status, 201);
  long long staff_file = staff.Json(up)["id"];
  auto p_staff = s_.sys->users->FindByUsername("f.staff.xh");
  auto p_org_ts = s_.sys->users->FindByUsername("f.org.ts");
  ASSERT_TRUE(p_staff.ok() && p_org_ts.ok());
  Principal staff_p;
  staff_p.user_id = (*p_staff)->id;
  staff_p.role = Role::kStaff;
  staff_p.region_code = kXinhui;
  Principal org_ts_p;
  org_ts_p.user_id = (*p_org_ts)->id;
  org_ts_p.role = Role::kOrg;
  org_ts_p.region_code = kTaishan;
  org_ts_p.org_id = org_ts_;
  Status st = s_.sys->db->Read([&](db::Conn& c) -> Status {
    auto& f = *s_.sys->files;
    EXPECT_TRUE(f.CheckAttachable(c, staff_p, org_file, org_xh_).ok());
    EXPECT_TRUE(f.CheckAttachable(c, staff_p, org_file, std::nullopt).ok());
    EXPECT_EQ(f.CheckAttachable(c, staff_p, org_file, org_ts_).status().code(), Code::kNotFound);
    EXPECT_TRUE(f.CheckAttachable(c, staff_p, staff_file, org_xh_).ok());  // staff file in scope
    EXPECT_EQ(f.CheckAttachable(c, staff_p, staff_file, org_ts_).status().code(), Code::kNotFound);
    EXPECT_EQ(f.CheckAttachable(c, org_ts_p, org_file, org_ts_).status().code(), Code::kNotFound);
    EXPECT_EQ(f.CheckAttachable(c, staff_p, 999, std::nullopt).status().code(), Code::kNotFound);
    auto m = f.Meta(c, org_file);
    EXPECT_TRUE(m.ok() && m->has_value());
    EXPECT_EQ((*m)->org_id, org_xh_);
    auto none = f.Meta(c, 999);
    EXPECT_TRUE(none.ok() && !none->has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok());
}

TEST_P(FilesApiTest, NamesAreCleanedAndOfficeFilesAccepted) {
  Client staff = LoggedIn(s_, "f.staff.xh");
  auto r = Upload(staff,
                  "..\\..\\etc/\x01\x1b"
                  "evil\x7f.txt",
                  "plain words\n", org_xh_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(staff.Json(r)["name"], "evil.txt");
  EXPECT_EQ(staff.Json(r)["mime"], "text/plain");
  std::string long_name = std::string(300, 'a') + ".csv";
  auto l = Upload(staff, long_name, "a,b\n1,2\n", org_xh_);
  ASSERT_EQ(l.status, 201) << l.body;
  std::string name = staff.Json(l)["name"];
  EXPECT_EQ(name.size(), 120u);
  EXPECT_EQ(name.substr(name.size() - 4), ".csv");
  EXPECT_EQ(staff.Json(l)["mime"], "text/csv");

  auto xlsx = sheet::WriteXlsx("年报", {{"项目"}, {"金额"}}, {{"收入", "1000"}});
  ASSERT_TRUE(xlsx.ok());
  auto x = Upload(staff, "财务报表.xlsx", *xlsx, org_xh_);
  ASSERT_EQ(x.status, 201) << x.body;
  EXPECT_EQ(staff.Json(x)["mime"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(Upload(staff, "财务报表.docx", *xlsx, org_xh_).status, 422);
  auto png = std::string(
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
  EXPECT_EQ(Upload(staff, "photo.PNG", png, org_xh_).status, 201);
  EXPECT_EQ(Upload(staff, "bad\xff\xfe.pdf", kPdf, org_xh_).status, 422);
}

TEST_P(FilesApiTest, ADamagedStoredCopyIsNotServed) {
  long long id = XinhuiFile();
  std::string sha = QueryStr(*s_.sys, "SELECT sha256 FROM files WHERE id = :1", {id});
  if (GetParam() == "dir") {
    auto path =
        std::filesystem::path(s_.sys->cfg.files_dir) / sha.substr(0, 2) / sha.substr(2, 2) / sha;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "%PDF-1.4 tampered";
  } else {
    ASSERT_TRUE(
        ExecSql(*s_.sys, "UPDATE file_blobs SET data = 'dGFtcGVyZWQ=' WHERE sha256 = :1", {sha})
            .ok());
  }
  Client staff = LoggedIn(s_, "f.staff.xh");
  auto r = staff.Call("GET", "/api/v1/files/" + std::to_string(id) + "/content");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("tampered"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(FilesStorage, FilesApiTest, ::testing::Values("dir", "db"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace shuniu::testing
