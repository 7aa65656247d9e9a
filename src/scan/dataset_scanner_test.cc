#include "scan/dataset_scanner.h"

#include <string>

#include "base/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scan/synthetic.h"

namespace bourse::scan {
namespace {

const absl::CivilDay kToday(2026, 11, 25);

class DatasetScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = Detector::Create();
    ASSERT_TRUE(d.ok());
    detector_ = *d;
    options_.as_of = kToday;
  }
  StatusOr<ScanReport> Scan(std::string_view data, std::string_view name = "t.csv") {
    return ScanBytes(data, name, *detector_, options_);
  }
  static const ColumnReport& Column(const ScanReport& r, std::string_view name) {
    for (const auto& c : r.columns)
      if (c.name == name) return c;
    ADD_FAILURE() << "no column " << name;
    return r.columns.front();
  }
  static int64_t Count(const ColumnReport& c, PiKind kind) {
    for (const auto& d : c.detections)
      if (d.kind == kind) return d.count;
    return 0;
  }
  static int64_t Total(const ScanReport& r, PiKind kind) {
    int64_t n = 0;
    for (const auto& c : r.columns) n += Count(c, kind);
    return n;
  }
  std::shared_ptr<const Detector> detector_;
  ScanOptions options_;
};

// Planted identifiers are all found (recall 1) and nothing else is (precision 1), each in its
// own column, while near-miss decoys fill the same columns in the other rows.
TEST_F(DatasetScannerTest, PrecisionAndRecallOnPlantedData) {
  TableSpec spec;
  spec.rows = 20'000;
  spec.pi_share = 0.3;
  std::string csv;
  Planted planted = WriteCustomerCsv(spec, [&](const std::string& s) { csv += s; });
  ASSERT_GT(planted.resident_ids, 5000);
  ASSERT_GT(planted.minors, 100);
  auto r = Scan(csv);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, spec.rows);
  EXPECT_EQ(r->columns.size(), 13u);
  EXPECT_EQ(Count(Column(*r, "id_number"), PiKind::kResidentId), planted.resident_ids);
  EXPECT_EQ(Total(*r, PiKind::kResidentId), planted.resident_ids);
  for (const auto& d : Column(*r, "id_number").detections) {
    if (d.kind == PiKind::kResidentId) {
      EXPECT_EQ(d.minors, planted.minors);
    }
  }
  EXPECT_EQ(r->minors, planted.minors);
  EXPECT_EQ(Count(Column(*r, "phone"), PiKind::kMobile), planted.mobiles);
  EXPECT_EQ(Count(Column(*r, "note"), PiKind::kMobile), planted.notes_with_mobile);
  EXPECT_EQ(Total(*r, PiKind::kMobile), planted.mobiles + planted.notes_with_mobile);
  EXPECT_EQ(Count(Column(*r, "card_no"), PiKind::kBankCard), planted.bank_cards);
  EXPECT_EQ(Total(*r, PiKind::kBankCard), planted.bank_cards);
  EXPECT_EQ(Total(*r, PiKind::kEmail), planted.emails);
  EXPECT_EQ(Total(*r, PiKind::kIp), planted.ips);
  EXPECT_EQ(Total(*r, PiKind::kUscc), planted.usccs);
  EXPECT_TRUE(Column(*r, "order_no").detections.empty());
  EXPECT_TRUE(Column(*r, "txn_id").detections.empty());
  // Distinct estimates are close to the planted counts.
  const auto& ids = Column(*r, "id_number").detections.front();
  EXPECT_NEAR(static_cast<double>(ids.distinct), planted.resident_ids, planted.resident_ids * 0.03);
  // Masked samples never show a whole identifier.
  const auto& phone = Column(*r, "phone");
  ASSERT_FALSE(phone.masked_sample.empty());
  EXPECT_THAT(phone.masked_sample[0], ::testing::MatchesRegex("1[0-9]{2}\\*{4}[0-9]{4}"));
  // Nothing in the catalogue sample is still an identifier.
  ASSERT_EQ(r->sample_rows.size(), 10u);
  auto scratch = detector_->NewScratch();
  for (const auto& row : r->sample_rows)
    for (const auto& cell : row) {
      std::vector<Hit> hits;
      ASSERT_TRUE(detector_->Scan(cell, 0, kToday, **scratch, hits).ok());
      EXPECT_TRUE(hits.empty()) << cell;
    }
  EXPECT_TRUE(r->personal_information);
  EXPECT_TRUE(r->sensitive_personal_information);
  EXPECT_TRUE(r->sensitive.Has(domain::SensitiveCategory::kFinancialAccount));
  EXPECT_TRUE(r->sensitive.Has(domain::SensitiveCategory::kMinor));
  EXPECT_EQ(Column(*r, "amount").type, ValueType::kDecimal);
  EXPECT_EQ(Column(*r, "txn_date").type, ValueType::kDate);
  EXPECT_EQ(Column(*r, "txn_id").type, ValueType::kInteger);
  EXPECT_EQ(r->suggested_classification, domain::DataClassification::kGeneral);
}

// A USCC of digits only (its check character a digit too) is still found in a numeric column.
TEST_F(DatasetScannerTest, AllDigitCodesAreStillFound) {
  auto r = Scan("code\n911100006000300020\n123456789012345679\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Count(r->columns[0], PiKind::kUscc), 1);
}

TEST_F(DatasetScannerTest, SampleRowsAreMasked) {
  auto r = Scan("name,phone\nli,13812345678\nwang,13987654321\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->sample_rows.size(), 2u);
  EXPECT_EQ(r->sample_rows[0][1], "138****5678");
  EXPECT_EQ(r->sample_rows[1][0], "wang");
}

// Parallel parts give exactly the sequential result, including when a quoted field with a
// newline spans the split point.
TEST_F(DatasetScannerTest, ThreadsDoNotChangeTheResult) {
  TableSpec spec;
  spec.rows = 120'000;
  std::string csv;
  WriteCustomerCsv(spec, [&](const std::string& s) { csv += s; });
  ASSERT_GT(csv.size(), size_t{8} << 20);
  std::string quoted = csv;
  const size_t mid = quoted.find('\n', quoted.size() / 2 - 40) + 1;
  quoted.insert(mid, "1,\"multi\nline\",,,,,,,,,,,\n");
  for (const std::string* data : {&csv, &quoted}) {
    options_.threads = 1;
    auto one = Scan(*data);
    options_.threads = 2;
    auto two = Scan(*data);
    ASSERT_TRUE(one.ok() && two.ok());
    EXPECT_EQ(one->rows, two->rows);
    for (size_t i = 0; i < one->columns.size(); ++i) {
      EXPECT_EQ(one->columns[i].values, two->columns[i].values) << i;
      EXPECT_EQ(one->columns[i].empty, two->columns[i].empty) << i;
      ASSERT_EQ(one->columns[i].detections.size(), two->columns[i].detections.size());
      for (size_t k = 0; k < one->columns[i].detections.size(); ++k)
        EXPECT_EQ(one->columns[i].detections[k].count, two->columns[i].detections[k].count);
    }
    EXPECT_EQ(one->quality->score, two->quality->score);
  }
}

// The tokenizer takes 64 bytes at a time when a block holds only delimiters and newlines, and
// goes byte by byte through blocks with quotes or carriage returns: Windows line endings and
// quoted cells must not change what is counted.
TEST_F(DatasetScannerTest, LineEndingsAndQuotesDoNotChangeTheResult) {
  TableSpec spec;
  spec.rows = 6'000;
  spec.pi_share = 0.2;
  std::string csv;
  WriteCustomerCsv(spec, [&](const std::string& s) { csv += s; });
  std::string crlf, quoted;
  int line = 0;
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '\n') {
      crlf += "\r\n";
      ++line;
    } else {
      crlf += csv[i];
    }
  }
  // Every seventh row has its city in quotes (the city is a plain word).
  line = 0;
  size_t start = 0;
  while (start < csv.size()) {
    const size_t end = csv.find('\n', start);
    std::string row = csv.substr(start, end - start);
    if (line > 0 && line % 7 == 0) {
      size_t comma = 0;
      for (int c = 0; c < 8; ++c) comma = row.find(',', comma) + 1;
      const size_t next = row.find(',', comma);
      if (row[comma] != '"') {
        row.insert(next, "\"");
        row.insert(comma, "\"");
      }
    }
    quoted += row + "\n";
    start = end + 1;
    ++line;
  }
  auto base = Scan(csv);
  ASSERT_TRUE(base.ok());
  for (const std::string* data : {&crlf, &quoted}) {
    auto r = Scan(*data);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->rows, base->rows);
    ASSERT_EQ(r->columns.size(), base->columns.size());
    for (size_t i = 0; i < r->columns.size(); ++i) {
      EXPECT_EQ(r->columns[i].type, base->columns[i].type) << i;
      EXPECT_EQ(r->columns[i].values, base->columns[i].values) << i;
      EXPECT_EQ(r->columns[i].empty, base->columns[i].empty) << i;
      EXPECT_DOUBLE_EQ(r->columns[i].conformance, base->columns[i].conformance) << i;
      ASSERT_EQ(r->columns[i].detections.size(), base->columns[i].detections.size()) << i;
      for (size_t k = 0; k < r->columns[i].detections.size(); ++k)
        EXPECT_EQ(r->columns[i].detections[k].count, base->columns[i].detections[k].count);
    }
  }
  EXPECT_GT(Total(*base, PiKind::kResidentId), 0);
}

TEST_F(DatasetScannerTest, QualityIndicators) {
  // 4 rows: one duplicate, one missing value, one short row.
  auto r = Scan("a,b,c\n1,x,2026-11-20\n1,x,2026-11-20\n2,,2026-11-21\n3,y\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows, 4);
  EXPECT_NEAR(r->quality->completeness, 10.0 / 12, 1e-9);
  EXPECT_NEAR(r->quality->uniqueness, 0.75, 1e-9);
  EXPECT_NEAR(r->quality->consistency, 0.75, 1e-9);
  EXPECT_FALSE(r->quality->timeliness.has_value());
  EXPECT_EQ(*r->latest_date, "2026-11-21");
  options_.update_frequency = domain::UpdateFrequency::kWeekly;
  r = Scan("a,d\n1,2026-11-21\n");
  EXPECT_DOUBLE_EQ(*r->quality->timeliness, 1.0);
  options_.update_frequency = domain::UpdateFrequency::kDaily;
  r = Scan("a,d\n1,2026-11-21\n");  // Four days old, daily: 1 - 3/4.
  EXPECT_DOUBLE_EQ(*r->quality->timeliness, 0.25);
}

TEST_F(DatasetScannerTest, ConformanceCountsOffTypeValues) {
  auto r = Scan("n\n1\n2\n3\nthree\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->columns[0].type, ValueType::kInteger);
  EXPECT_DOUBLE_EQ(r->columns[0].conformance, 0.75);
}

// Numbers are told from text by their dots and dashes, counted a word at a time for cells of 8
// to 16 bytes: each position of a dot or dash, at both ends of that range and beyond it.
TEST_F(DatasetScannerTest, NumberShapesByLength) {
  const std::pair<std::string_view, ValueType> cases[] = {
      {"12345.67", ValueType::kDecimal},
      {"1234567.", ValueType::kText},
      {"1.2345.6", ValueType::kText},
      {"-1234.56", ValueType::kDecimal},
      {"123-4567", ValueType::kText},
      {"-1234567", ValueType::kInteger},
      {"2026-08-05", ValueType::kDate},
      {"123456789012.5", ValueType::kDecimal},
      {"1234567890123.45", ValueType::kDecimal},
      {"1234567890123.4.", ValueType::kText},
      {"12345678901234-5", ValueType::kText},
      {"-123456789012345", ValueType::kInteger},
      {"1234567.89012.34", ValueType::kText},
      {"1234567.890123456", ValueType::kDecimal},
      {"12345678901234567-", ValueType::kText},
      {".5", ValueType::kDecimal},
      {"1.2.3.4", ValueType::kText},
      {"123456789.", ValueType::kText},
      {"12345678.9", ValueType::kDecimal},
      {"9.87654321", ValueType::kDecimal},
      {"12345.6789", ValueType::kDecimal},
      {"123456789012.345", ValueType::kDecimal},
  };
  for (const auto& [value, type] : cases) {
    const std::string data = "v\n" + std::string(value) + "\n" + std::string(value) + "\n";
    auto r = Scan(data);
    ASSERT_TRUE(r.ok()) << value;
    EXPECT_EQ(r->columns[0].type, type) << value;
    EXPECT_DOUBLE_EQ(r->columns[0].conformance, 1) << value;
  }
}

TEST_F(DatasetScannerTest, DelimitersQuotesAndBom) {
  auto r = Scan("\xEF\xBB\xBFname\tnote\r\nli\t\"a \"\"quoted\"\" 13812345678\"\r\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->delimiter, '\t');
  EXPECT_EQ(r->columns[0].name, "name");
  EXPECT_EQ(r->columns[1].type, ValueType::kText);
  EXPECT_EQ(r->rows, 1);
}

TEST_F(DatasetScannerTest, JsonLines) {
  auto r = Scan(
      "{\"user\":{\"mobile\":\"13812345678\",\"id\":\"360426199101010071\"},\"n\":1}\n"
      "{\"user\":{\"mobile\":13987654321},\"n\":2,\"extra\":null}\n",
      "events.jsonl");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, domain::DatasetFormat::kJsonLines);
  EXPECT_EQ(r->rows, 2);
  EXPECT_EQ(Count(Column(*r, "user.mobile"), PiKind::kMobile), 2);
  EXPECT_EQ(Count(Column(*r, "user.id"), PiKind::kResidentId), 1);
  EXPECT_EQ(Column(*r, "user.id").empty, 1);
  EXPECT_EQ(Column(*r, "n").type, ValueType::kInteger);
}

TEST_F(DatasetScannerTest, BadFilesAreRefusedWithTheReason) {
  auto r = Scan("");
  EXPECT_EQ(errors::KindOf(r.status()), errors::kInvalidDataset);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("empty"));
  // UTF-8 at first, then a byte that is valid in no encoding the file could be in.
  r = Scan("name,phone\n\xE5\xBC\xA0\xE4\xB8\x89,13812345678\nli,\xFF\xFE\n");
  EXPECT_EQ(errors::KindOf(r.status()), errors::kInvalidDataset);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("not valid UTF-8 near byte"));
  r = Scan("name,note\nli,\"unterminated\n");
  EXPECT_EQ(errors::KindOf(r.status()), errors::kInvalidDataset);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("inside a quoted field"));
  r = Scan("{\"a\":1}\n{\"a\":\n", "x.jsonl");
  EXPECT_EQ(errors::KindOf(r.status()), errors::kInvalidDataset);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("line 2"));
  auto f = ScanFile("/nonexistent/file.csv", *detector_, options_);
  EXPECT_EQ(f.status().code(), StatusCode::kNotFound);
}

TEST_F(DatasetScannerTest, ClassificationTakesTheHigherLevel) {
  options_.important_individuals = 3;
  auto r = Scan("phone,kwh\n13812345678,1\n13812345679,2\n13812345680,3\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->suggested_classification, domain::DataClassification::kImportant);
  r = Scan("military_unit,phone\nx,13812345678\n");
  EXPECT_EQ(r->suggested_classification, domain::DataClassification::kCore);
  ASSERT_FALSE(r->classification_reasons.empty());
}

TEST_F(DatasetScannerTest, UnreadableContentIsCountedAndSaysWhatItIs) {
  auto r = Scan("\x89PNG\r\n\x1a\n....", "picture.csv");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, domain::DatasetFormat::kOpaque);
  EXPECT_EQ(r->bytes, 12);
  EXPECT_FALSE(r->readable);
  EXPECT_EQ(r->unreadable, "an image");
  EXPECT_FALSE(r->quality.has_value());
}

}  // namespace
}  // namespace bourse::scan
