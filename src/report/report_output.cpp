// The annual report as files: a PDF laid out with Pango on a cairo PDF surface (fonts
// from fontconfig, subset and embedded with their Unicode maps, so the Chinese text
// is searchable and `pdftotext` reads it), and an .xlsx workbook with a figures sheet
// and one sheet per table.
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <memory>

#include "core/time.h"
#include "report/report_service.h"
#include "sheet/writer.h"

namespace shuniu::report {
namespace {

const char* SectionTitle(const std::string& s) {
  if (s == "orgs") return "一、社会组织";
  if (s == "bases") return "二、枢纽与孵化基地";
  if (s == "activities") return "三、培训、调研与会议";
  if (s == "projects") return "四、公益项目";
  if (s == "competitions") return "五、公益创投";
  if (s == "homes") return "六、妇女儿童之家";
  if (s == "income") return "七、收入与自我造血";
  if (s == "party") return "八、联合党支部";
  if (s == "interns") return "九、实习基地";
  if (s == "beneficiaries") return "十、受益人(分性别、年龄)";
  return "其他";
}

std::string Grouped(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

}  // namespace

std::string FormatValue(long long v, const std::string& unit) {
  if (unit == "fen") {
    std::string cents = std::to_string((v < 0 ? -v : v) % 100);
    if (cents.size() < 2) cents = "0" + cents;
    return Grouped(v / 100) + "." + cents + " 元";
  }
  if (unit == "hours") return Grouped(v) + " 小时";
  if (unit == "percent") return std::to_string(v) + "%";
  return Grouped(v);
}

namespace {

class PdfWriter {
 public:
  PdfWriter() {
    surface_ = cairo_pdf_surface_create_for_stream(&PdfWriter::Write, this, kW, kH);
    cr_ = cairo_create(surface_);
    layout_ = pango_cairo_create_layout(cr_);
    pango_layout_set_width(layout_, static_cast<int>((kW - 2 * kMargin) * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  }
  ~PdfWriter() {
    if (layout_) g_object_unref(layout_);
    if (cr_) cairo_destroy(cr_);
    if (surface_) cairo_surface_destroy(surface_);
  }
  void Text(const std::string& s, double size, bool bold = false, double indent = 0) {
    PangoFontDescription* fd = pango_font_description_from_string(
        "Noto Sans CJK SC, WenQuanYi Zen Hei, Droid Sans Fallback, sans");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout_, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(layout_, static_cast<int>((kW - 2 * kMargin - indent) * PANGO_SCALE));
    pango_layout_set_text(layout_, s.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    double height = static_cast<double>(h) / PANGO_SCALE;
    if (y_ + height > kH - kMargin) NewPage();
    cairo_move_to(cr_, kMargin + indent, y_);
    pango_cairo_show_layout(cr_, layout_);
    y_ += height + size * 0.35;
  }
  // A row of cells at fixed x offsets (fractions of the text width).
  void Row(const std::vector<std::string>& cells, const std::vector<double>& at, double size,
           bool bold = false) {
    double tallest = 0;
    PangoFontDescription* fd = pango_font_description_from_string(
        "Noto Sans CJK SC, WenQuanYi Zen Hei, Droid Sans Fallback, sans");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout_, fd);
    pango_font_description_free(fd);
    if (y_ + size * 1.6 > kH - kMargin) NewPage();
    double width = kW - 2 * kMargin;
    for (size_t i = 0; i < cells.size() && i < at.size(); ++i) {
      double next = i + 1 < at.size() ? at[i + 1] : 1.0;
      pango_layout_set_width(layout_, static_cast<int>((next - at[i]) * width * PANGO_SCALE));
      pango_layout_set_text(layout_, cells[i].c_str(), -1);
      int w = 0, h = 0;
      pango_layout_get_size(layout_, &w, &h);
      tallest = std::max(tallest, static_cast<double>(h) / PANGO_SCALE);
      cairo_move_to(cr_, kMargin + at[i] * width, y_);
      pango_cairo_show_layout(cr_, layout_);
    }
    y_ += tallest + size * 0.25;
  }
  void Gap(double pts) { y_ += pts; }
  void NewPage() {
    cairo_show_page(cr_);
    y_ = kMargin;
  }
  Result<std::string> Finish() {
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
      return Internal(std::string("pdf: ") +
                      cairo_status_to_string(cairo_surface_status(surface_)));
    return std::move(out_);
  }

 private:
  static cairo_status_t Write(void* self, const unsigned char* data, unsigned int len) {
    static_cast<PdfWriter*>(self)->out_.append(reinterpret_cast<const char*>(data), len);
    return CAIRO_STATUS_SUCCESS;
  }
  static constexpr double kW = 595.28, kH = 841.89, kMargin = 48;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoLayout* layout_ = nullptr;
  double y_ = kMargin;
  std::string out_;
};

std::string PeriodText(const Period& p) {
  return p.from == p.to ? std::to_string(p.from) + "年"
                        : std::to_string(p.from) + "—" + std::to_string(p.to) + "年";
}

}  // namespace

Result<std::string> ReportService::Pdf(const AnnualReport& r) {
  PdfWriter w;
  w.Text(r.region_name + PeriodText(r.period) + "妇女儿童类社会组织枢纽工作报告", 18, true);
  w.Text("Annual work report of the hub, " + r.period.region + ", " +
             std::to_string(r.period.from) +
             (r.period.to != r.period.from ? "–" + std::to_string(r.period.to) : ""),
         10);
  w.Text("生成时间 Generated: " + Rfc3339(r.generated_at) + "  数据来源:枢纽系统记录,逐项可查", 9);
  w.Gap(6);
  std::string section;
  const std::vector<double> cols = {0.0, 0.62, 0.82};
  for (const Figure& f : r.figures) {
    if (f.section != section) {
      section = f.section;
      w.Gap(4);
      w.Text(SectionTitle(section), 13, true);
      w.Row({"指标 Figure", "本期 This period", "上期 Previous"}, cols, 9, true);
    }
    w.Row({f.label + "  " + f.label_en, FormatValue(f.value, f.unit),
           f.section == "beneficiaries" ? "" : FormatValue(f.previous, f.unit)},
          cols, 9.5);
  }
  for (const Table& t : r.tables) {
    if (t.rows.empty()) continue;
    w.Gap(6);
    w.Text("表:" + t.title + "  " + t.title_en, 12, true);
    std::vector<double> at;
    size_t n = t.columns.size();
    double first = n > 4 ? 0.24 : 0.4;
    at.push_back(0);
    for (size_t i = 1; i < n; ++i)
      at.push_back(first + (1.0 - first) * static_cast<double>(i - 1) / static_cast<double>(n - 1));
    w.Row(t.columns, at, 9, true);
    for (auto& row : t.rows) {
      std::vector<std::string> cells;
      for (size_t i = 0; i < row.size(); ++i) {
        bool number = i < t.units.size() && !t.units[i].empty() && !row[i].empty() &&
                      row[i].find_first_not_of("-0123456789") == std::string::npos;
        cells.push_back(number ? FormatValue(std::stoll(row[i]), t.units[i]) : row[i]);
      }
      w.Row(cells, at, 9);
    }
  }
  return w.Finish();
}

Result<std::string> ReportService::Xlsx(const AnnualReport& r) {
  std::vector<sheet::SheetData> sheets;
  sheet::SheetData figs;
  figs.name = "指标 Figures";
  figs.cols = {{"键 Key", 26},    {"栏目 Section", 14}, {"指标", 40},         {"Figure", 44},
               {"单位 Unit", 10}, {"本期 Value", 16},   {"上期 Previous", 16}};
  figs.numeric = {false, false, false, false, false, true, true};
  for (const Figure& f : r.figures)
    figs.rows.push_back({f.key, f.section, f.label, f.label_en, f.unit, std::to_string(f.value),
                         std::to_string(f.previous)});
  sheets.push_back(std::move(figs));
  for (const Table& t : r.tables) {
    sheet::SheetData s;
    // Sheet names: at most 31 characters; keep the Chinese title, cut on a UTF-8 boundary.
    size_t chars = 0, cut = 0;
    while (cut < t.title.size() && chars < 28) {
      unsigned char c = static_cast<unsigned char>(t.title[cut]);
      cut += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      ++chars;
    }
    s.name = t.title.substr(0, cut);
    for (size_t i = 0; i < t.columns.size(); ++i) {
      s.cols.push_back({t.columns[i] + " " + t.columns_en[i], 16});
      s.numeric.push_back(i < t.units.size() && !t.units[i].empty());
    }
    s.rows = t.rows;
    sheets.push_back(std::move(s));
  }
  return sheet::WriteWorkbook(sheets);
}

}  // namespace shuniu::report
