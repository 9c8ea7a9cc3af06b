// University internship bases (实习基地): the agreement between a university and
// a hosting organization or incubation base (term, supervisors on both sides),
// the interns placed there (school, major, dates, sealed phone, evaluation) and
// their hour logs (one entry per day's work: date, hours, what was done), and
// per organization the interns it hosted and the hours of help received.
// Every write is one transaction with its audit event.
//
// Scope: staff, admins and auditors see the bases whose host region lies in
// their subtree; an organization account sees (and logs hours for) the bases
// its organization hosts. Objects outside the scope answer kNotFound; write
// targets outside it kPermissionDenied. Only staff and admins unmask phones
// (audited).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::intern {

struct Base {
  long long id = 0;
  std::string region_code, region_name, name, university, majors, agreement_no;
  std::optional<long long> org_id, base_id;  // host: organization and/or incubation base
  std::string org_name, base_name;
  std::string term_start, term_end, school_supervisor, org_supervisor, created_by_name;
  bool active = false;  // today within the term
  long long interns = 0, hours = 0;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct BaseInput {
  std::optional<std::string> name, university, majors, agreement_no, term_start, term_end,
      school_supervisor, org_supervisor;
  std::optional<long long> org_id, base_id;
};

struct BaseFilter {
  std::string q, university;
  std::optional<long long> org_id;
  long long page = 1, size = 20;
};

struct Intern {
  long long id = 0, internship_base_id = 0;
  std::string region_code, base_name, university, name, school, major;
  std::optional<long long> org_id;
  std::string org_name;
  std::string phone;  // masked unless unmasked (audited)
  bool phone_unmasked = false;
  std::string start_on, end_on, grade, evaluation;
  long long hours = 0, days = 0;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct InternInput {
  std::optional<std::string> name, school, major, phone, start_on, end_on, grade, evaluation;
};

struct HourEntry {
  long long id = 0, intern_id = 0, hours = 0;
  std::string worked_on, activity, recorded_by_name;
  int64_t created_at = 0;
};

struct HourInput {
  std::string worked_on, activity;
  long long hours = 0;
};

// Interns an organization hosted, with hours received (GET /orgs/{id}/interns).
struct OrgInterns {
  long long org_id = 0;
  std::string org_name;
  std::vector<Intern> interns;
  long long hours = 0;
};

// Figures for the annual report: counts and sums only, never personal data.
struct HostFigure {
  std::optional<long long> org_id;
  std::string org_name;
  long long interns = 0, hours = 0;
};
struct Figures {
  long long bases_active = 0;     // term overlaps [from, to)
  long long interns_placed = 0;   // placement starts in [from, to)
  long long interns_active = 0;   // placement overlaps [from, to)
  long long hours = 0;            // logged on days in [from, to)
  std::vector<HostFigure> hosts;  // per hosting organization, most hours first
};

class InternService {
 public:
  explicit InternService(const hub::Deps& deps);

  Result<std::pair<std::vector<Base>, long long>> List(const Principal& p, const BaseFilter& f);
  Result<Base> Get(const Principal& p, long long id);
  // Staff: a base hosted by an organization and/or incubation base in their
  // subtree (kPermissionDenied outside); the term is ordered.
  Result<Base> Create(const Principal& p, const BaseInput& in);
  Result<Base> Update(const Principal& p, long long id, long long version, const BaseInput& in);

  // Interns of a base (`unmask_phone`: staff only, audited).
  Result<std::vector<Intern>> Interns(const Principal& p, long long base_id, bool unmask_phone);
  // Staff: an intern placed within the base's term; dates ordered.
  Result<Intern> AddIntern(const Principal& p, long long base_id, const InternInput& in);
  // Staff: details, dates and the evaluation (grade + comment); version checked.
  Result<Intern> UpdateIntern(const Principal& p, long long base_id, long long id,
                              long long version, const InternInput& in);
  Result<std::vector<HourEntry>> Hours(const Principal& p, long long base_id, long long intern_id);
  // Staff, or the host organization's account: hours 1–24 on a day within the
  // placement, at most 24 per intern and day.
  Result<HourEntry> LogHours(const Principal& p, long long base_id, long long intern_id,
                             const HourInput& in);

  // Interns an organization hosted and the hours it received (kNotFound out of scope).
  Result<OrgInterns> ForOrg(const Principal& p, long long org_id);

  // For the annual report (the caller has checked the scope): figures of the
  // bases whose host region lies in `region`'s subtree for dates in [from, to).
  Result<Figures> FiguresFor(const std::string& region, const std::string& from,
                             const std::string& to);

  // The internship part of the Jiangmen demo (idempotent): 五邑大学 and
  // 江门职业技术学院 with social-work interns in 2014 and their hours.
  Status LoadDemo(const Principal& cli);

 private:
  Result<Base> LoadBase(db::Conn& c, const Principal& p, long long id);
  Result<Intern> LoadIntern(db::Conn& c, const Base& b, long long id);
  Status ApplyBase(db::Conn& c, const Principal& p, const BaseInput& in, Base& b);
  Status ApplyIntern(const InternInput& in, const Base& b, Intern& x, std::string& phone_digits);

  hub::Deps d_;
  std::string secret_;
};

}  // namespace shuniu::intern
