// JSON of the dashboard: to-do cards with their first items, figures with trends.
#include "dashboard/dashboard_json.h"

namespace shuniu::dashboard {

using nlohmann::json;

nlohmann::json DashboardJson(const Dashboard& d) {
  json todo = json::array();
  for (auto& t : d.todo) {
    json items = json::array();
    for (auto& it : t.items) {
      json j = {{"id", it.id}, {"title", it.title}, {"link", it.link}};
      if (it.due) j["due"] = *it.due;
      items.push_back(std::move(j));
    }
    todo.push_back({{"key", t.key},
                    {"label", t.label},
                    {"label_en", t.label_en},
                    {"count", t.count},
                    {"link", t.link},
                    {"items", std::move(items)}});
  }
  json figures = json::array();
  for (auto& f : d.figures) {
    json trend = json::array();
    for (auto& p : f.trend) trend.push_back({{"year", p.year}, {"value", p.value}});
    figures.push_back({{"key", f.key},
                       {"label", f.label},
                       {"label_en", f.label_en},
                       {"value", f.value},
                       {"unit", f.unit},
                       {"trend", std::move(trend)}});
  }
  return {
      {"region_code", d.region_code}, {"todo", std::move(todo)}, {"figures", std::move(figures)}};
}

}  // namespace shuniu::dashboard
