// Every form of upload the scanner reads, decided by content: encodings, JSON arrays, gzip,
// zip (nested, with bombs and limits), .xlsx workbooks; and what it refuses.
#include <iconv.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "base/errors.h"
#include "base/gzip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scan/content.h"
#include "scan/dataset_scanner.h"
#include "scan/xlsx.h"

namespace bourse::scan {
namespace {

using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 11, 25);

// `utf8` in another encoding, through glibc's iconv.
std::string Encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  std::string out(utf8.size() * 4 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t out_left = out.size();
  iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// A zip archive of `members` (name → bytes), built with libzip.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& members) {
  static int serial = 0;
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("bourse_scan_test_" + std::to_string(getpid()) + "_" + std::to_string(serial++) + ".zip"))
          .string();
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, bytes] : members) {
    zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    EXPECT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

// A small workbook: two sheets, shared strings (one rich, one with a phonetic reading), inline
// strings, numbers, a boolean and dates.
std::string Workbook(bool date1904 = false, const std::string& sheet1_extra = "") {
  const std::string ns =
      R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  return Zip({
      {"[Content_Types].xml", R"(<?xml version="1.0"?><Types/>)"},
      {"xl/workbook.xml", "<?xml version=\"1.0\"?><workbook " + ns + ">" +
                              (date1904 ? R"(<workbookPr date1904="1"/>)" : "") +
                              R"(<sheets><sheet name="客户" sheetId="1" r:id="rId1"/>)"
                              R"(<sheet name="Empty" sheetId="2" r:id="rId2"/>)"
                              R"(<sheet name="IDs" sheetId="3" r:id="rId3"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="ws" Target="worksheets/sheet1.xml"/>)"
       R"(<Relationship Id="rId2" Type="ws" Target="worksheets/sheet2.xml"/>)"
       R"(<Relationship Id="rId3" Type="ws" Target="/xl/worksheets/sheet3.xml"/></Relationships>)"},
      {"xl/styles.xml",
       "<?xml version=\"1.0\"?><styleSheet " + ns +
           R"(><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd hh:mm"/></numFmts>)"
           R"(<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>)"},
      {"xl/sharedStrings.xml",
       "<?xml version=\"1.0\"?><sst " + ns +
           R"(><si><t>姓名</t></si><si><t>手机</t></si><si><t>开户日期</t></si><si><t>余额</t></si>)"
           R"(<si><t>VIP</t></si><si><r><t>张</t></r><r><t>三</t></r><rPh><t>ちょう</t></rPh></si>)"
           R"(<si><t>13812345678</t></si><si><t>李四</t></si></sst>)"},
      {"xl/worksheets/sheet1.xml",
       "<?xml version=\"1.0\"?><worksheet " + ns +
           R"(><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
           R"(<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>)"
           R"(<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c>)"
           R"(<c r="C2" s="1"><v>44927</v></c><c r="D2"><v>1024.5</v></c><c r="E2" t="b"><v>1</v></c></row>)"
           R"(<row r="4"><c r="A4" t="s"><v>7</v></c><c r="B4" t="inlineStr"><is><t>13912345678</t></is></c>)"
           R"(<c r="C4" s="2"><v>44927.5</v></c><c r="E4" t="b"><v>0</v></c></row>)" +
           sheet1_extra + R"(</sheetData></worksheet>)"},
      {"xl/worksheets/sheet2.xml",
       "<?xml version=\"1.0\"?><worksheet " + ns + R"(><sheetData/></worksheet>)"},
      {"xl/worksheets/sheet3.xml",
       "<?xml version=\"1.0\"?><worksheet " + ns +
           R"(><sheetData><row><c t="inlineStr"><is><t>resident_id</t></is></c></row>)"
           R"(<row><c t="inlineStr"><is><t>11010519491231002X</t></is></c></row></sheetData></worksheet>)"},
  });
}

class FormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = Detector::Create();
    ASSERT_TRUE(d.ok());
    detector_ = *d;
    options_.as_of = kToday;
  }
  StatusOr<ScanReport> Scan(std::string_view data, std::string_view name = "upload") {
    return ScanBytes(data, name, *detector_, options_);
  }
  static int64_t Found(const ScanReport& r, PiKind kind) {
    int64_t n = 0;
    for (const auto& c : r.columns)
      for (const auto& d : c.detections)
        if (d.kind == kind) n += d.count;
    return n;
  }
  static const ScanPart* Part(const ScanReport& r, std::string_view name) {
    for (const auto& p : r.parts)
      if (p.name == name) return &p;
    return nullptr;
  }
  std::shared_ptr<const Detector> detector_;
  ScanOptions options_;
};

const std::string kChineseCsv = "姓名,手机,备注\n张三,13812345678,老客户\n李四,13912345678,\n";

TEST_F(FormatsTest, Gb18030AndGbkCsvIsTranscodedAndScanned) {
  const std::string gbk = Encode(kChineseCsv, "GBK");
  ASSERT_NE(gbk, kChineseCsv);
  EXPECT_EQ(DetectEncoding(gbk), TextEncoding::kGb18030);
  for (const std::string& data : {gbk, Encode(kChineseCsv, "GB18030")}) {
    auto r = Scan(data, "客户.csv");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->encoding, "gb18030");
    EXPECT_EQ(r->format, domain::DatasetFormat::kCsv);
    EXPECT_EQ(r->rows, 2);
    EXPECT_EQ(r->columns.at(0).name, "姓名");
    EXPECT_EQ(Found(*r, PiKind::kMobile), 2);
    EXPECT_TRUE(r->personal_information);
  }
}

TEST_F(FormatsTest, Utf16WithAMarkAndUtf8WithOrWithoutOne) {
  const std::string le = "\xff\xfe" + Encode(kChineseCsv, "UTF-16LE");
  const std::string be = "\xfe\xff" + Encode(kChineseCsv, "UTF-16BE");
  for (const auto& [data, encoding] :
       std::vector<std::pair<std::string, std::string>>{{le, "utf-16le"},
                                                        {be, "utf-16be"},
                                                        {"\xEF\xBB\xBF" + kChineseCsv, "utf-8"},
                                                        {kChineseCsv, "utf-8"}}) {
    auto r = Scan(data);
    ASSERT_TRUE(r.ok()) << encoding << ": " << r.status().ToString();
    EXPECT_EQ(r->encoding, encoding);
    EXPECT_EQ(r->columns.at(0).name, "姓名") << encoding;
    EXPECT_EQ(Found(*r, PiKind::kMobile), 2) << encoding;
  }
  // UTF-16 cut inside a character.
  auto cut = Scan(le.substr(0, le.size() - 1));
  EXPECT_EQ(errors::KindOf(cut.status()), errors::kInvalidDataset);
}

TEST_F(FormatsTest, MixedEncodingsAreRefusedAtTheByte) {
  // GB18030 first, then a byte sequence GB18030 does not have.
  const std::string mixed = Encode(kChineseCsv, "GB18030") + "王五,\x80\x80\n";
  auto r = Scan(mixed);
  EXPECT_EQ(errors::KindOf(r.status()), errors::kInvalidDataset);
  EXPECT_THAT(r.status().message(), HasSubstr("is not valid GB18030")) << r.status().ToString();
  EXPECT_THAT(r.status().message(),
              HasSubstr(std::to_string(Encode(kChineseCsv, "GB18030").size() + 7)));
}

TEST_F(FormatsTest, JsonArraysOfObjects) {
  auto r = Scan(R"( [ {"name":"张三","phone":"13812345678","n":1},
                      {"name":"李四","phone":"13912345678","n":2,"extra":{"ip":"8.8.8.8"}} ] )");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, domain::DatasetFormat::kJson);
  EXPECT_EQ(r->rows, 2);
  EXPECT_EQ(Found(*r, PiKind::kMobile), 2);
  EXPECT_EQ(Found(*r, PiKind::kIp), 1);
  EXPECT_TRUE(Scan("[]").ok());
  for (const auto& [bad, why] : std::vector<std::pair<std::string, std::string>>{
           {R"([{"a":1},{"a":)", "truncated"},
           {R"([{"a":1}, 7])", "element 2"},
           {R"([{"a":1} {"a":2}])", "expected ','"},
           {R"([{"a":1}] x)", "after the JSON array"},
           {R"([{"a":"}"}, {"a": tru}])", "element 2"}}) {
    auto refused = Scan(bad);
    EXPECT_EQ(errors::KindOf(refused.status()), errors::kInvalidDataset) << bad;
    EXPECT_THAT(refused.status().message(), HasSubstr(why)) << bad;
  }
}

TEST_F(FormatsTest, TheContentDecidesNotTheName) {
  auto csv = Scan(kChineseCsv, "report.xlsx");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->format, domain::DatasetFormat::kCsv);
  EXPECT_EQ(Found(*csv, PiKind::kMobile), 2);
  auto pdf = Scan("%PDF-1.7\n...", "people.csv");
  ASSERT_TRUE(pdf.ok());
  EXPECT_FALSE(pdf->readable);
  EXPECT_EQ(pdf->unreadable, "a PDF document");
  auto parquet = Scan("PAR1\x15\x04", "x.csv");
  EXPECT_EQ(parquet->unreadable, "a Parquet file");
}

TEST_F(FormatsTest, GzipIsInflatedAndItsContentScanned) {
  const std::string gz = GzipCompress(Encode(kChineseCsv, "GBK"));
  auto r = Scan(gz, "customers.csv.gz");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, domain::DatasetFormat::kGzip);
  ASSERT_EQ(r->parts.size(), 1u);
  EXPECT_EQ(r->parts[0].name, "customers.csv");
  EXPECT_EQ(r->parts[0].report.encoding, "gb18030");
  EXPECT_EQ(r->rows, 2);
  EXPECT_EQ(Found(*r, PiKind::kMobile), 2);
  EXPECT_TRUE(r->personal_information);
  EXPECT_TRUE(r->quality.has_value());
  // Concatenated members are one stream (RFC 1952).
  auto two = Scan(GzipCompress("phone\n13812345678\n") + GzipCompress("13912345678\n"));
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->rows, 2);
  // Truncated and corrupt streams.
  auto cut = Scan(gz.substr(0, gz.size() / 2));
  EXPECT_EQ(errors::KindOf(cut.status()), errors::kInvalidDataset);
  EXPECT_THAT(cut.status().message(), HasSubstr("truncated"));
  std::string corrupt = gz;
  corrupt[12] = static_cast<char>(corrupt[12] ^ 0xff);
  corrupt[13] = static_cast<char>(corrupt[13] ^ 0xff);
  EXPECT_EQ(errors::KindOf(Scan(corrupt).status()), errors::kInvalidDataset);
}

TEST_F(FormatsTest, ZipMembersAreEachScannedNestedTwoDeep) {
  const std::string inner = Zip({{"deep/ids.csv", "resident_id\n11010519491231002X\n"}});
  const std::string zip = Zip({{"a/customers.csv", kChineseCsv},
                               {"b/orders.jsonl", R"({"email":"li@example.cn"})"},
                               {"c/more.zip", inner},
                               {"c/more.csv.gz", GzipCompress("phone\n13700000000\n")}});
  auto r = Scan(zip, "bundle.zip");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, domain::DatasetFormat::kZip);
  ASSERT_EQ(r->parts.size(), 4u);
  EXPECT_TRUE(r->readable);
  ASSERT_NE(Part(*r, "a/customers.csv"), nullptr);
  EXPECT_EQ(Found(Part(*r, "a/customers.csv")->report, PiKind::kMobile), 2);
  EXPECT_EQ(Found(Part(*r, "b/orders.jsonl")->report, PiKind::kEmail), 1);
  const ScanPart* nested = Part(*r, "c/more.zip");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->report.format, domain::DatasetFormat::kZip);
  ASSERT_EQ(nested->report.parts.size(), 1u);
  EXPECT_EQ(Found(nested->report.parts[0].report, PiKind::kResidentId), 1);
  EXPECT_EQ(r->rows, 2 + 1 + 1 + 1);
  EXPECT_TRUE(r->sensitive_personal_information);  // The resident ID, two levels down.
  // Three deep is refused.
  auto deeper = Scan(Zip({{"outer.zip", Zip({{"inner.zip", inner}})}}));
  EXPECT_EQ(errors::KindOf(deeper.status()), errors::kInvalidDataset);
  EXPECT_THAT(deeper.status().message(), HasSubstr("nests archives more than 2 deep"));
}

TEST_F(FormatsTest, AMemberTheScannerCannotReadMakesTheArchiveUnread) {
  auto r = Scan(Zip({{"data.csv", kChineseCsv}, {"scan.pdf", "%PDF-1.4 ..."}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->readable);
  EXPECT_EQ(r->unreadable, "scan.pdf is a PDF document");
  EXPECT_EQ(Found(Part(*r, "data.csv")->report, PiKind::kMobile), 2);
}

TEST_F(FormatsTest, DecompressionBombsAndLimits) {
  const std::string zeros(8 << 20, '0');
  auto bomb = Scan(Zip({{"zeros.csv", "n\n" + zeros}}));
  EXPECT_EQ(errors::KindOf(bomb.status()), errors::kInvalidDataset);
  EXPECT_THAT(bomb.status().message(), HasSubstr("decompression bombs"));
  auto gz_bomb = Scan(GzipCompress("n\n" + zeros));
  EXPECT_THAT(gz_bomb.status().message(), HasSubstr("times its compressed size"));
  options_.limits.max_members = 2;
  auto many = Scan(Zip({{"1.csv", "a\n1\n"}, {"2.csv", "a\n2\n"}, {"3.csv", "a\n3\n"}}));
  EXPECT_THAT(many.status().message(), HasSubstr("more than 2 members"));
  options_.limits = {};
  options_.limits.max_expanded_bytes = 100;
  auto big = Scan(Zip({{"1.csv", "phone\n" + std::string(200, '1') + "\n"}}));
  EXPECT_THAT(big.status().message(), HasSubstr("expands past 100 bytes"));
  options_.limits = {};
  const std::string zip = Zip({{"a.csv", kChineseCsv}});
  auto truncated = Scan(zip.substr(0, zip.size() - 10));
  EXPECT_EQ(errors::KindOf(truncated.status()), errors::kInvalidDataset);
  EXPECT_THAT(truncated.status().message(), HasSubstr("zip archive"));
  EXPECT_EQ(errors::KindOf(Scan(Zip({})).status()), errors::kInvalidDataset);
}

TEST_F(FormatsTest, WorkbooksAreReadSheetBySheet) {
  auto r = Scan(Workbook(), "customers.xlsx");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, domain::DatasetFormat::kXlsx);
  ASSERT_EQ(r->parts.size(), 2u) << "the empty sheet holds nothing";
  const ScanPart* customers = Part(*r, "客户");
  ASSERT_NE(customers, nullptr);
  const ScanReport& c = customers->report;
  EXPECT_EQ(c.rows, 2);
  ASSERT_EQ(c.columns.size(), 5u);
  EXPECT_EQ(c.columns[0].name, "姓名");
  EXPECT_EQ(Found(c, PiKind::kMobile), 2);  // One shared, one inline.
  EXPECT_TRUE(c.columns[2].type == ValueType::kDate || c.columns[2].type == ValueType::kDateTime);
  EXPECT_EQ(c.latest_date, "2023-01-01");
  ASSERT_FALSE(c.sample_rows.empty());
  EXPECT_EQ(c.sample_rows[0][0], "张三") << "rich text joined, the phonetic reading left out";
  EXPECT_EQ(c.sample_rows[0][2], "2023-01-01");
  EXPECT_EQ(c.sample_rows[0][3], "1024.5");
  EXPECT_EQ(c.sample_rows[0][4], "TRUE");
  EXPECT_EQ(Found(Part(*r, "IDs")->report, PiKind::kResidentId), 1);
  EXPECT_TRUE(r->sensitive_personal_information);
  EXPECT_EQ(r->rows, 3);
  // A sheet that is not well-formed XML.
  auto broken = Scan(Workbook(false, "<row><c><v>1</c></row>"));
  EXPECT_EQ(errors::KindOf(broken.status()), errors::kInvalidDataset);
  EXPECT_THAT(broken.status().message(), HasSubstr("not well-formed XML"));
}

TEST_F(FormatsTest, SpreadsheetSerialDates) {
  EXPECT_EQ(SerialToIso(44927, false), "2023-01-01");
  EXPECT_EQ(SerialToIso(44927.5, false), "2023-01-01 12:00:00");
  EXPECT_EQ(SerialToIso(59, false), "1900-02-28");
  EXPECT_EQ(SerialToIso(61, false), "1900-03-01");  // After Lotus's 29 February 1900.
  EXPECT_EQ(SerialToIso(0.25, false), "06:00:00");
  EXPECT_EQ(SerialToIso(0, true), "1904-01-01");
  EXPECT_EQ(SerialToIso(43465, true), "2023-01-01");
}

TEST_F(FormatsTest, SniffingNeedsNoName) {
  EXPECT_EQ(SniffContent("\x1f\x8b\x08"), ContentKind::kGzip);
  EXPECT_EQ(SniffContent("PK\x03\x04"), ContentKind::kZip);
  EXPECT_EQ(SniffContent("%PDF-1.4"), ContentKind::kPdf);
  EXPECT_EQ(SniffContent("\xff\xd8\xff\xe0"), ContentKind::kImage);
  EXPECT_EQ(SniffContent(std::string("II*\0", 4)), ContentKind::kImage);
  EXPECT_EQ(SniffContent("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), ContentKind::kOle2);
  EXPECT_EQ(SniffContent(std::string("\x01\x02\0\0\xfe\x10\0\x07\0\0\0\0", 12)),
            ContentKind::kBinary);
  EXPECT_EQ(SniffContent(std::string("a\0,\0b\0\n\0", 8)), ContentKind::kText);  // UTF-16LE.
  EXPECT_EQ(SniffContent("a,b\n1,2\n"), ContentKind::kText);
}

}  // namespace
}  // namespace bourse::scan
