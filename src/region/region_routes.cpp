// Region handlers: parse, call the service, render.
#include "region/region_routes.h"

#include <map>
#include <memory>
#include <mutex>

namespace shuniu::region::routes {
namespace {

nlohmann::json Brief(const Region& r) {
  return {
      {"code", r.code}, {"name", r.name}, {"level", r.level}, {"has_children", r.child_count > 0}};
}

}  // namespace

http::Handler GetRegion(RegionService& s) {
  return [&s](const http::Request& req) {
    auto d = s.Get(req.caller(), req.params.at("code"));
    return http::Render(req, d, [](const RegionDetail& rd) {
      nlohmann::json j = Brief(rd.region);
      j["parent_code"] =
          rd.region.parent_code.empty() ? nlohmann::json() : nlohmann::json(rd.region.parent_code);
      nlohmann::json path = nlohmann::json::array();
      for (auto& p : rd.path) path.push_back({{"code", p.code}, {"name", p.name}});
      j["path"] = path;
      return j;
    });
  };
}

// Children lists are rendered once per cache entry: the service hands out the same
// shared list until the entry expires or an import clears it, and a new list
// (a new pointer) is rendered afresh.
class RenderedChildren {
 public:
  std::string Body(const std::shared_ptr<const std::vector<Region>>& rs) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      auto it = memo_.find(rs.get());
      if (it != memo_.end() && it->second.first.lock() == rs) return it->second.second;
    }
    nlohmann::json items = nlohmann::json::array();
    for (auto& r : *rs) items.push_back(Brief(r));
    std::string body = nlohmann::json{{"items", items}}.dump();
    std::lock_guard<std::mutex> lk(mu_);
    if (memo_.size() > 10000) memo_.clear();
    memo_[rs.get()] = {rs, body};
    return body;
  }

 private:
  std::mutex mu_;
  std::map<const void*, std::pair<std::weak_ptr<const std::vector<Region>>, std::string>> memo_;
};

http::Handler Children(RegionService& s) {
  auto rendered = std::make_shared<RenderedChildren>();
  return [&s, rendered](const http::Request& req) {
    auto c = s.Children(req.caller(), req.params.at("code"));
    if (!c.ok()) return http::Error(c.status(), req.request_id);
    http::Response res;
    res.body = rendered->Body(*c);
    return res;
  };
}

http::Handler Search(RegionService& s) {
  return [&s](const http::Request& req) {
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto q = req.query.find("q");
    auto r = s.Search(req.caller(), q == req.query.end() ? "" : q->second, page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<SearchHit>, long long>& hits) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& h : hits.first) {
        nlohmann::json j = Brief(h.region);
        j["path_name"] = h.path_name;
        items.push_back(j);
      }
      return http::PageJson(items, hits.second, page, size);
    });
  };
}

}  // namespace shuniu::region::routes
