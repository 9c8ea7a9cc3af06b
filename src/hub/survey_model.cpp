// Needs surveys: question, target and answer validation, and the aggregation of
// results. Pure functions over JSON (no database), shared by the service, the
// demo loader and the tests; the web mirrors them in web/src/utils/surveys.ts.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "core/json_input.h"
#include "hub/survey_service.h"

namespace shuniu::hub {
namespace {

using nlohmann::json;

const std::set<std::string> kKinds = {"single", "multi", "scale", "text"};

bool IsChoice(const std::string& kind) { return kind == "single" || kind == "multi"; }

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

Status TextField(const json& q, const std::string& key, const std::string& field, size_t min,
                 size_t max, std::string& out) {
  if (!q.contains(key) || q[key].is_null()) {
    if (min > 0) return InvalidArgument(field, field + " is required");
    out.clear();
    return Status::Ok();
  }
  if (!q[key].is_string()) return InvalidArgument(field, field + " must be a string");
  out = Trim(q[key].get<std::string>());
  long long n = Utf8Length(out);
  if (n < 0) return InvalidArgument(field, field + " is not valid UTF-8");
  if (static_cast<size_t>(n) < min || static_cast<size_t>(n) > max)
    return InvalidArgument(field, field + " must have " + std::to_string(min) + "–" +
                                      std::to_string(max) + " characters");
  return Status::Ok();
}

Status IntField(const json& q, const std::string& key, const std::string& field, long long lo,
                long long hi, long long& out) {
  if (!q.contains(key) || q[key].is_null()) return Status::Ok();  // keep the default
  if (!q[key].is_number_integer()) return InvalidArgument(field, field + " must be an integer");
  out = q[key].get<long long>();
  if (out < lo || out > hi)
    return InvalidArgument(
        field, field + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return Status::Ok();
}

Result<std::vector<std::string>> StringList(const json& j, const std::string& field) {
  if (j.is_null()) return std::vector<std::string>{};
  if (!j.is_array()) return InvalidArgument(field, field + " must be a list of strings");
  std::vector<std::string> out;
  for (auto& x : j) {
    if (!x.is_string()) return InvalidArgument(field, field + " must be a list of strings");
    out.push_back(x.get<std::string>());
  }
  if (std::set<std::string>(out.begin(), out.end()).size() != out.size())
    return InvalidArgument(field, field + " lists a value twice");
  return out;
}

}  // namespace

std::string Survey::EffectiveState(int64_t now) const {
  if (state != "open") return state;
  if (closes_at && *closes_at <= now) return "closed";
  if (opens_at && *opens_at > now) return "scheduled";
  return "open";
}

Result<std::vector<SurveyQuestion>> ParseQuestions(const json& j) {
  if (!j.is_array()) return InvalidArgument("questions", "questions must be a list");
  if (j.empty()) return InvalidArgument("questions", "a survey needs at least one question");
  if (j.size() > 100) return InvalidArgument("questions", "a survey has at most 100 questions");
  static const std::set<std::string> kKeys = {"id",        "kind",      "title", "required",
                                              "options",   "min",       "max",   "min_label",
                                              "max_label", "max_length"};
  std::vector<SurveyQuestion> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < j.size(); ++i) {
    const json& q = j[i];
    const std::string at = "questions[" + std::to_string(i) + "]";
    if (!q.is_object()) return InvalidArgument(at, at + " must be an object");
    for (auto it = q.begin(); it != q.end(); ++it)
      if (!kKeys.count(it.key()))
        return InvalidArgument(at + "." + it.key(), "unknown field '" + it.key() + "'");
    SurveyQuestion sq;
    if (!q.contains("kind") || !q["kind"].is_string() ||
        !kKinds.count(q["kind"].get<std::string>()))
      return InvalidArgument(at + ".kind", at + ".kind must be single, multi, scale or text");
    sq.kind = q["kind"].get<std::string>();
    SHUNIU_RETURN_IF_ERROR(TextField(q, "title", at + ".title", 1, 300, sq.title));
    if (q.contains("id") && !q["id"].is_null()) {
      if (!q["id"].is_string() || !ValidId(q["id"].get<std::string>()))
        return InvalidArgument(at + ".id", at + ".id must be 1–32 letters, digits, _ or -");
      sq.id = q["id"].get<std::string>();
      if (!ids.insert(sq.id).second)
        return InvalidArgument(at + ".id", "question id '" + sq.id + "' is used twice");
    }
    if (q.contains("required") && !q["required"].is_null()) {
      if (!q["required"].is_boolean())
        return InvalidArgument(at + ".required", at + ".required must be true or false");
      sq.required = q["required"].get<bool>();
    }
    const std::string opt_field = at + ".options";
    bool has_options = q.contains("options") && !q["options"].is_null() &&
                       !(q["options"].is_array() && q["options"].empty());
    if (IsChoice(sq.kind)) {
      if (!has_options || !q["options"].is_array())
        return InvalidArgument(opt_field, "a choice question needs a list of options");
      if (q["options"].size() < 2 || q["options"].size() > 50)
        return InvalidArgument(opt_field, "a choice question needs 2–50 options");
      std::set<std::string> seen;
      for (auto& o : q["options"]) {
        if (!o.is_string()) return InvalidArgument(opt_field, "each option must be text");
        std::string t = Trim(o.get<std::string>());
        long long n = Utf8Length(t);
        if (n < 1 || n > 200)
          return InvalidArgument(opt_field, "each option must have 1–200 characters");
        if (!seen.insert(t).second)
          return InvalidArgument(opt_field, "option '" + t + "' is listed twice");
        sq.options.push_back(t);
      }
    } else if (has_options) {
      return InvalidArgument(opt_field, "only choice questions have options");
    }
    if (sq.kind == "scale") {
      SHUNIU_RETURN_IF_ERROR(IntField(q, "min", at + ".min", -100, 100, sq.min));
      SHUNIU_RETURN_IF_ERROR(IntField(q, "max", at + ".max", -100, 100, sq.max));
      if (sq.max <= sq.min)
        return InvalidArgument(at + ".max", at + ".max must be greater than the minimum");
      if (sq.max - sq.min > 20)
        return InvalidArgument(at + ".max", "a scale has at most 21 points");
      SHUNIU_RETURN_IF_ERROR(TextField(q, "min_label", at + ".min_label", 0, 50, sq.min_label));
      SHUNIU_RETURN_IF_ERROR(TextField(q, "max_label", at + ".max_label", 0, 50, sq.max_label));
    } else {
      for (const char* k : {"min", "max", "min_label", "max_label"})
        if (q.contains(k) && !q[k].is_null())
          return InvalidArgument(at + "." + k, std::string("only scale questions have ") + k);
    }
    if (sq.kind == "text") {
      SHUNIU_RETURN_IF_ERROR(IntField(q, "max_length", at + ".max_length", 1, 5000, sq.max_length));
    } else if (q.contains("max_length") && !q["max_length"].is_null()) {
      return InvalidArgument(at + ".max_length", "only text questions have max_length");
    }
    out.push_back(std::move(sq));
  }
  // Questions without an id get the first free "q<n>".
  int n = 1;
  for (auto& q : out) {
    if (!q.id.empty()) continue;
    while (ids.count("q" + std::to_string(n))) ++n;
    q.id = "q" + std::to_string(n);
    ids.insert(q.id);
  }
  return out;
}

json QuestionsJson(const std::vector<SurveyQuestion>& qs) {
  json a = json::array();
  for (auto& q : qs) {
    json j = {{"id", q.id}, {"kind", q.kind}, {"title", q.title}, {"required", q.required}};
    if (IsChoice(q.kind)) j["options"] = q.options;
    if (q.kind == "scale") {
      j["min"] = q.min;
      j["max"] = q.max;
      j["min_label"] = q.min_label;
      j["max_label"] = q.max_label;
    }
    if (q.kind == "text") j["max_length"] = q.max_length;
    a.push_back(j);
  }
  return a;
}

Result<SurveyTarget> ParseTarget(const json& j) {
  SurveyTarget t;
  if (j.is_null()) return t;
  if (!j.is_object()) return InvalidArgument("target", "target must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const std::string field = "target." + k;
    if (k == "kinds" || k == "statuses" || k == "domains") {
      auto list = StringList(it.value(), field);
      if (!list.ok()) return list.status();
      (k == "kinds" ? t.kinds : k == "statuses" ? t.statuses : t.domains) = *list;
    } else if (k == "region") {
      if (it.value().is_null()) continue;
      if (!it.value().is_string()) return InvalidArgument(field, "target.region must be a code");
      t.region = it.value().get<std::string>();
    } else if (k == "org_ids") {
      if (it.value().is_null()) continue;
      if (!it.value().is_array())
        return InvalidArgument(field, "target.org_ids must be a list of ids");
      std::set<long long> seen;
      for (auto& x : it.value()) {
        if (!x.is_number_integer() || x.get<long long>() <= 0)
          return InvalidArgument(field, "target.org_ids must be a list of ids");
        if (!seen.insert(x.get<long long>()).second)
          return InvalidArgument(field, "target.org_ids lists an organization twice");
        t.org_ids.push_back(x.get<long long>());
      }
      if (t.org_ids.size() > 5000)
        return InvalidArgument(field, "at most 5000 organizations can be listed by id");
    } else {
      return InvalidArgument(field, "unknown field '" + k + "'");
    }
  }
  return t;
}

json TargetJson(const SurveyTarget& t) {
  return {{"kinds", t.kinds},
          {"statuses", t.statuses},
          {"domains", t.domains},
          {"region", t.region.empty() ? json() : json(t.region)},
          {"org_ids", t.org_ids}};
}

Result<json> ValidateAnswers(const std::vector<SurveyQuestion>& qs, const json& answers) {
  if (!answers.is_object())
    return InvalidArgument("answers", "answers must be an object of question id: answer");
  std::map<std::string, const SurveyQuestion*> by_id;
  for (auto& q : qs) by_id[q.id] = &q;
  for (auto it = answers.begin(); it != answers.end(); ++it)
    if (!by_id.count(it.key()))
      return InvalidArgument("answers." + it.key(), "there is no question '" + it.key() + "'");
  json out = json::object();
  for (auto& q : qs) {
    const std::string field = "answers." + q.id;
    const json* a = answers.contains(q.id) ? &answers[q.id] : nullptr;
    bool empty = !a || a->is_null() || (a->is_string() && Trim(a->get<std::string>()).empty()) ||
                 (a->is_array() && a->empty());
    if (empty) {
      if (q.required) return InvalidArgument(field, "question '" + q.title + "' must be answered");
      continue;
    }
    if (q.kind == "single") {
      if (!a->is_string()) return InvalidArgument(field, field + " must be one of the options");
      std::string v = Trim(a->get<std::string>());
      if (std::find(q.options.begin(), q.options.end(), v) == q.options.end())
        return InvalidArgument(field, "'" + v + "' is not an option of this question");
      out[q.id] = v;
    } else if (q.kind == "multi") {
      if (!a->is_array()) return InvalidArgument(field, field + " must be a list of options");
      std::set<std::string> chosen;
      for (auto& x : *a) {
        if (!x.is_string()) return InvalidArgument(field, field + " must be a list of options");
        std::string v = Trim(x.get<std::string>());
        if (std::find(q.options.begin(), q.options.end(), v) == q.options.end())
          return InvalidArgument(field, "'" + v + "' is not an option of this question");
        if (!chosen.insert(v).second) return InvalidArgument(field, "'" + v + "' is chosen twice");
      }
      json list = json::array();  // in the order of the options
      for (auto& o : q.options)
        if (chosen.count(o)) list.push_back(o);
      out[q.id] = list;
    } else if (q.kind == "scale") {
      if (!a->is_number_integer())
        return InvalidArgument(field, field + " must be a whole number on the scale");
      long long v = a->get<long long>();
      if (v < q.min || v > q.max)
        return InvalidArgument(field, field + " must be between " + std::to_string(q.min) +
                                          " and " + std::to_string(q.max));
      out[q.id] = v;
    } else {
      if (!a->is_string()) return InvalidArgument(field, field + " must be text");
      std::string v = Trim(a->get<std::string>());
      long long n = Utf8Length(v);
      if (n < 0) return InvalidArgument(field, field + " is not valid UTF-8");
      if (n > q.max_length)
        return InvalidArgument(
            field, field + " is longer than " + std::to_string(q.max_length) + " characters");
      out[q.id] = v;
    }
  }
  return out;
}

json AggregateResults(const Survey& s, const std::vector<SurveyResponse>& responses,
                      bool with_texts) {
  json questions = json::array();
  for (auto& q : s.questions) {
    json r = {{"id", q.id}, {"kind", q.kind}, {"title", q.title}, {"required", q.required}};
    long long answered = 0;
    if (IsChoice(q.kind)) {
      std::map<std::string, long long> counts;
      for (auto& resp : responses) {
        if (!resp.answers.contains(q.id)) continue;
        ++answered;
        const json& a = resp.answers[q.id];
        if (a.is_string()) ++counts[a.get<std::string>()];
        if (a.is_array())
          for (auto& x : a) ++counts[x.get<std::string>()];
      }
      json opts = json::array();
      for (auto& o : q.options) opts.push_back({{"option", o}, {"count", counts[o]}});
      r["options"] = opts;
    } else if (q.kind == "scale") {
      std::map<long long, long long> dist;
      long long sum = 0;
      for (auto& resp : responses) {
        if (!resp.answers.contains(q.id) || !resp.answers[q.id].is_number_integer()) continue;
        ++answered;
        long long v = resp.answers[q.id].get<long long>();
        ++dist[v];
        sum += v;
      }
      json d = json::array();
      for (long long v = q.min; v <= q.max; ++v) d.push_back({{"value", v}, {"count", dist[v]}});
      r["min"] = q.min;
      r["max"] = q.max;
      r["min_label"] = q.min_label;
      r["max_label"] = q.max_label;
      r["distribution"] = d;
      r["mean"] = answered ? json(std::round(1000.0 * sum / answered) / 1000.0) : json();
    } else {
      json texts = json::array();
      for (auto& resp : responses) {
        if (!resp.answers.contains(q.id)) continue;
        ++answered;
        if (with_texts)
          texts.push_back({{"org_id", resp.org_id},
                           {"org_name", resp.org_name},
                           {"text", resp.answers[q.id].get<std::string>()}});
      }
      r["texts"] = texts;
    }
    r["answered"] = answered;
    questions.push_back(r);
  }
  long long n = static_cast<long long>(responses.size());
  return {
      {"survey_id", s.id},
      {"title", s.title},
      {"targets", s.target_count},
      {"responses", n},
      {"rate", s.target_count ? json(std::round(1000.0 * n / s.target_count) / 1000.0) : json(0)},
      {"questions", questions}};
}

}  // namespace shuniu::hub
