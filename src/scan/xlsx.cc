#include "scan/xlsx.h"

#include <expat.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string_view>

#include "absl/time/civil_time.h"
#include "base/errors.h"
#include "base/strings.h"

namespace bourse::scan {
namespace {

constexpr size_t kMaxIndexPart = 16 << 20;  // workbook.xml, its relationships, styles.
constexpr size_t kMaxSharedStrings = size_t{512} << 20;

// The local part of a possibly prefixed XML name ("x:row" → "row").
std::string_view Local(const XML_Char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* Attr(const XML_Char** attrs, std::string_view local, bool prefixed = false) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    std::string_view n(attrs[i]);
    const size_t colon = n.rfind(':');
    if ((colon != std::string_view::npos) != prefixed) continue;
    if ((colon == std::string_view::npos ? n : n.substr(colon + 1)) == local) return attrs[i + 1];
  }
  return nullptr;
}

// An expat parser driven by one handler object with Start, End and Text members.
template <typename H>
class Parser {
 public:
  explicit Parser(H& h) : p_(XML_ParserCreate(nullptr)) {
    XML_SetUserData(p_, &h);
    XML_SetElementHandler(
        p_, [](void* u, const XML_Char* n, const XML_Char** a) { static_cast<H*>(u)->Start(n, a); },
        [](void* u, const XML_Char* n) { static_cast<H*>(u)->End(n); });
    XML_SetCharacterDataHandler(p_, [](void* u, const XML_Char* s, int len) {
      static_cast<H*>(u)->Text(std::string_view(s, static_cast<size_t>(len)));
    });
  }
  ~Parser() { XML_ParserFree(p_); }
  Status Feed(std::string_view chunk, bool final, std::string_view part) {
    if (XML_Parse(p_, chunk.data(), static_cast<int>(chunk.size()), final) == XML_STATUS_OK)
      return OkStatus();
    return errors::InvalidDataset(StrCat("the workbook's ", part, " is not well-formed XML (line ",
                                         XML_GetCurrentLineNumber(p_), ": ",
                                         XML_ErrorString(XML_GetErrorCode(p_)), ")"));
  }

 private:
  XML_Parser p_;
};

template <typename H>
Status ParseWhole(std::string_view xml, H& h, std::string_view part) {
  Parser<H> parser(h);
  return parser.Feed(xml, true, part);
}

// Streams a member through a handler.
template <typename H>
Status ParseMember(ZipArchive& zip, const ZipArchive::Member& m, H& h,
                   const ExpansionLimits& limits, ExpansionBudget& budget, int64_t* bytes) {
  Parser<H> parser(h);
  Status st = zip.Read(
      m,
      [&](std::string_view chunk) -> Status {
        if (bytes) *bytes += static_cast<int64_t>(chunk.size());
        if (Status s = parser.Feed(chunk, false, m.name); !s.ok()) return s;
        return h.status;
      },
      limits, budget);
  if (!st.ok()) return st;
  if (Status s = parser.Feed({}, true, m.name); !s.ok()) return s;
  return h.status;
}

struct WorkbookIndex {
  struct Sheet {
    std::string name, rel;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;
  Status status;
  void Start(const XML_Char* name, const XML_Char** a) {
    const auto n = Local(name);
    if (n == "sheet") {
      const char* sheet = Attr(a, "name");
      const char* rel = Attr(a, "id", true);
      if (sheet && rel) sheets.push_back({sheet, rel});
    } else if (n == "workbookPr") {
      const char* d = Attr(a, "date1904");
      date1904 = d && (std::string_view(d) == "1" || std::string_view(d) == "true");
    }
  }
  void End(const XML_Char*) {}
  void Text(std::string_view) {}
};

struct Relationships {
  std::map<std::string, std::string> targets;
  Status status;
  void Start(const XML_Char* name, const XML_Char** a) {
    if (Local(name) != "Relationship") return;
    const char* id = Attr(a, "Id");
    const char* target = Attr(a, "Target");
    if (id && target) targets[id] = target;
  }
  void End(const XML_Char*) {}
  void Text(std::string_view) {}
};

// Which cell styles (indexes into cellXfs) show a number as a date or a time.
struct Styles {
  std::map<int, std::string> custom;  // numFmtId → formatCode.
  std::vector<int> xf_formats;        // cellXfs, in order: numFmtId.
  bool in_cell_xfs = false;
  Status status;
  void Start(const XML_Char* name, const XML_Char** a) {
    const auto n = Local(name);
    if (n == "numFmt") {
      const char* id = Attr(a, "numFmtId");
      const char* code = Attr(a, "formatCode");
      if (id && code) custom[std::atoi(id)] = code;
    } else if (n == "cellXfs") {
      in_cell_xfs = true;
    } else if (n == "xf" && in_cell_xfs) {
      const char* id = Attr(a, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  }
  void End(const XML_Char* name) {
    if (Local(name) == "cellXfs") in_cell_xfs = false;
  }
  void Text(std::string_view) {}

  static bool BuiltinDate(int id) {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
  }
  // A format code shows a date when, outside quoted text, escapes and [colour] or [$-locale]
  // sections, it has a year, day, hour or second part.
  static bool DateCode(std::string_view code) {
    bool quoted = false, bracket = false;
    for (size_t i = 0; i < code.size(); ++i) {
      const char c = code[i];
      if (quoted) {
        quoted = c != '"';
        continue;
      }
      if (bracket) {
        if (c == ']') bracket = false;
        continue;
      }
      if (c == '"') {
        quoted = true;
      } else if (c == '[') {
        // Elapsed-time sections such as [h] are times.
        if (i + 1 < code.size() &&
            (code[i + 1] == 'h' || code[i + 1] == 'H' || code[i + 1] == 'm' || code[i + 1] == 's'))
          return true;
        bracket = true;
      } else if (c == '\\' || c == '_' || c == '*') {
        ++i;
      } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'h' || c == 'H' || c == 's' ||
                 c == 'S') {
        return true;
      }
    }
    return false;
  }
  std::set<int> DateStyles() const {
    std::set<int> out;
    for (size_t i = 0; i < xf_formats.size(); ++i) {
      const int id = xf_formats[i];
      auto it = custom.find(id);
      if (it != custom.end() ? DateCode(it->second) : BuiltinDate(id))
        out.insert(static_cast<int>(i));
    }
    return out;
  }
};

// The workbook's shared strings, kept in scratch files (the text, and each string's end
// offset) rather than in memory: a workbook of many distinct strings costs disk, not memory.
struct SharedStrings {
  ScratchFile& text_file;
  ScratchFile& ends_file;
  std::string current;
  bool in_si = false, in_t = false;
  int phonetic = 0;  // Inside <rPh>: reading aids, not the cell's text.
  uint64_t bytes = 0;
  size_t count = 0;
  Status status;
  std::string_view text, ends;  // Mapped once parsed.

  void Start(const XML_Char* name, const XML_Char**) {
    const auto n = Local(name);
    if (n == "si") {
      in_si = true;
      current.clear();
    } else if (n == "rPh") {
      ++phonetic;
    } else if (n == "t" && in_si && phonetic == 0) {
      in_t = true;
    }
  }
  void End(const XML_Char* name) {
    const auto n = Local(name);
    if (n == "si") {
      bytes += current.size();
      if (bytes > kMaxSharedStrings && status.ok())
        status = errors::InvalidDataset("the workbook's shared strings exceed 512 MiB");
      if (status.ok()) status = text_file.Append(current);
      char end[8];
      std::memcpy(end, &bytes, 8);
      if (status.ok()) status = ends_file.Append(std::string_view(end, 8));
      ++count;
      current.clear();
      in_si = false;
    } else if (n == "rPh") {
      --phonetic;
    } else if (n == "t") {
      in_t = false;
    }
  }
  void Text(std::string_view s) {
    if (in_t) current.append(s);
  }
  Status Map() {
    auto t = text_file.Map();
    if (!t.ok()) return t.status();
    auto e = ends_file.Map();
    if (!e.ok()) return e.status();
    text = *t;
    ends = *e;
    return OkStatus();
  }
  std::string_view At(size_t i) const {
    if (i >= count) return {};
    uint64_t from = 0, to = 0;
    if (i > 0) std::memcpy(&from, ends.data() + (i - 1) * 8, 8);
    std::memcpy(&to, ends.data() + i * 8, 8);
    return text.substr(from, to - from);
  }
};

void AppendCsvField(std::string& line, std::string_view v) {
  const bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    line.append(v);
    return;
  }
  line.push_back('"');
  for (char c : v) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  line.push_back('"');
}

// The zero-based column of a cell reference ("C7" → 2), or -1.
int ColumnOf(const char* ref) {
  int col = 0;
  bool any = false;
  for (const char* p = ref; *p; ++p) {
    const char c = *p;
    if (c >= 'A' && c <= 'Z') {
      col = col * 26 + (c - 'A' + 1);
      any = true;
    } else if (c >= 'a' && c <= 'z') {
      col = col * 26 + (c - 'a' + 1);
      any = true;
    } else {
      break;
    }
    if (col > 16384) return -1;  // Beyond XFD, the last column Excel has.
  }
  return any ? col - 1 : -1;
}

struct SheetReader {
  const SharedStrings& shared;
  const std::set<int>& date_styles;
  bool date1904;
  ScratchFile& out;
  std::vector<std::string> cells;
  std::string text, line, type;
  int style = 0, column = -1, next_column = 0;
  bool in_value = false, in_inline = false, in_row = false;
  int64_t rows = 0;
  Status status;

  void Start(const XML_Char* name, const XML_Char** a) {
    const auto n = Local(name);
    if (n == "row") {
      in_row = true;
      cells.clear();
      next_column = 0;
    } else if (n == "c" && in_row) {
      const char* r = Attr(a, "r");
      const char* t = Attr(a, "t");
      const char* s = Attr(a, "s");
      column = r ? ColumnOf(r) : next_column;
      if (column < 0) column = next_column;
      type = t ? t : "n";
      style = s ? std::atoi(s) : 0;
      text.clear();
    } else if (n == "v" || (n == "t" && in_inline)) {
      in_value = true;  // A cell's value, or an inline string's text.
    } else if (n == "is") {
      in_inline = true;
    }
  }

  void End(const XML_Char* name) {
    const auto n = Local(name);
    if (n == "v" || (n == "t" && in_inline)) {
      in_value = false;
    } else if (n == "is") {
      in_inline = false;
    } else if (n == "c" && in_row) {
      std::string value = Value();
      if (static_cast<size_t>(column) >= cells.size()) cells.resize(column + 1);
      cells[column] = std::move(value);
      next_column = column + 1;
    } else if (n == "row" && in_row) {
      in_row = false;
      bool empty = true;
      for (const auto& c : cells) empty &= c.empty();
      if (empty || !status.ok()) return;
      line.clear();
      for (size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) line.push_back(',');
        AppendCsvField(line, cells[i]);
      }
      line.push_back('\n');
      status = out.Append(line);
      ++rows;
    }
  }

  void Text(std::string_view s) {
    if (in_value) text.append(s);
  }

  std::string Value() {
    if (type == "s") {
      const long i = std::strtol(text.c_str(), nullptr, 10);
      return i >= 0 ? std::string(shared.At(static_cast<size_t>(i))) : std::string();
    }
    if (type == "b") return text == "1" ? "TRUE" : text == "0" ? "FALSE" : text;
    if (type == "inlineStr" || type == "str" || type == "e") return text;
    if (!text.empty() && date_styles.count(style)) {
      char* end = nullptr;
      const double serial = std::strtod(text.c_str(), &end);
      if (end != text.c_str() && std::isfinite(serial) && serial >= 0 && serial < 2958466)
        return SerialToIso(serial, date1904);
    }
    return text;
  }
};

// Resolves a relationship target against the workbook part's folder ("worksheets/sheet1.xml"
// → "xl/worksheets/sheet1.xml"; "/xl/worksheets/sheet1.xml" as it is, less the slash).
std::string ResolveTarget(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::vector<std::string> parts = {"xl"};
  size_t start = 0;
  while (start <= target.size()) {
    size_t end = target.find('/', start);
    if (end == std::string::npos) end = target.size();
    std::string seg = target.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  return StrJoin(parts, "/");
}

}  // namespace

bool IsWorkbook(const ZipArchive& zip) { return zip.Find("xl/workbook.xml") != nullptr; }

std::string SerialToIso(double serial, bool date1904) {
  double days = std::floor(serial);
  const double fraction = serial - days;
  // The 1900 system counts a 29 February 1900 that never was (serial 60), as Lotus 1-2-3 did.
  absl::CivilDay day = date1904 ? absl::CivilDay(1904, 1, 1) : absl::CivilDay(1899, 12, 31);
  if (!date1904 && days >= 60) days -= 1;
  day += static_cast<int64_t>(days);
  int64_t seconds = std::llround(fraction * 86400.0);
  if (seconds >= 86400) {
    seconds -= 86400;
    day += 1;
  }
  char buf[32];
  if (serial < 1 && !date1904) {
    std::snprintf(buf, sizeof(buf), "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  } else if (seconds == 0) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(),
                  day.day());
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d", static_cast<int>(day.year()),
                  day.month(), day.day(), static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  }
  return buf;
}

Status ReadWorkbook(ZipArchive& zip, const ExpansionLimits& limits, ExpansionBudget& budget,
                    const std::string& scratch_dir,
                    const std::function<StatusOr<ScratchFile*>(const std::string& sheet)>& open,
                    std::vector<WorkbookSheet>* sheets) {
  const ZipArchive::Member* wb = zip.Find("xl/workbook.xml");
  const ZipArchive::Member* rels = zip.Find("xl/_rels/workbook.xml.rels");
  if (wb == nullptr || rels == nullptr)
    return errors::InvalidDataset("the workbook has no xl/workbook.xml or its relationships");
  WorkbookIndex index;
  {
    auto xml = zip.ReadAll(*wb, kMaxIndexPart, limits, budget);
    if (!xml.ok()) return xml.status();
    if (Status st = ParseWhole(*xml, index, "xl/workbook.xml"); !st.ok()) return st;
  }
  Relationships targets;
  {
    auto xml = zip.ReadAll(*rels, kMaxIndexPart, limits, budget);
    if (!xml.ok()) return xml.status();
    if (Status st = ParseWhole(*xml, targets, "workbook relationships"); !st.ok()) return st;
  }
  Styles styles;
  if (const auto* m = zip.Find("xl/styles.xml")) {
    auto xml = zip.ReadAll(*m, kMaxIndexPart, limits, budget);
    if (!xml.ok()) return xml.status();
    if (Status st = ParseWhole(*xml, styles, "xl/styles.xml"); !st.ok()) return st;
  }
  const std::set<int> date_styles = styles.DateStyles();
  auto text_file = ScratchFile::Create(scratch_dir);
  if (!text_file.ok()) return text_file.status();
  auto ends_file = ScratchFile::Create(scratch_dir);
  if (!ends_file.ok()) return ends_file.status();
  SharedStrings shared{**text_file, **ends_file};
  if (const auto* m = zip.Find("xl/sharedStrings.xml")) {
    if (Status st = ParseMember(zip, *m, shared, limits, budget, nullptr); !st.ok()) return st;
  }
  if (Status st = shared.Map(); !st.ok()) return st;
  for (const auto& sheet : index.sheets) {
    auto target = targets.targets.find(sheet.rel);
    if (target == targets.targets.end()) continue;  // A chart sheet or a broken link.
    const ZipArchive::Member* part = zip.Find(ResolveTarget(target->second));
    if (part == nullptr)
      return errors::InvalidDataset(
          StrCat("sheet '", sheet.name, "' names a part the workbook lacks"));
    auto out = open(sheet.name);
    if (!out.ok()) return out.status();
    SheetReader reader{shared, date_styles, index.date1904, **out, {}, {}, {}, {}};
    WorkbookSheet info;
    info.name = sheet.name;
    if (Status st = ParseMember(zip, *part, reader, limits, budget, &info.xml_bytes); !st.ok())
      return st;
    info.rows = reader.rows;
    sheets->push_back(std::move(info));
  }
  if (index.sheets.empty()) return errors::InvalidDataset("the workbook has no sheets");
  return OkStatus();
}

}  // namespace bourse::scan
