#include "scan/vocabulary.h"

#include "gtest/gtest.h"

namespace bourse::scan {
namespace {

using domain::DataClassification;
using domain::SensitiveCategory;

TEST(VocabularyTest, CategoriesFromNames) {
  EXPECT_TRUE(CategoriesFromColumnName("diagnosis_code").Has(SensitiveCategory::kHealth));
  EXPECT_TRUE(CategoriesFromColumnName("病历号").Has(SensitiveCategory::kHealth));
  EXPECT_TRUE(CategoriesFromColumnName("gps_lat").Has(SensitiveCategory::kLocation));
  EXPECT_TRUE(CategoriesFromColumnName("cardNo").Has(SensitiveCategory::kFinancialAccount));
  EXPECT_TRUE(CategoriesFromColumnName("宗教信仰").Has(SensitiveCategory::kReligion));
  EXPECT_TRUE(CategoriesFromColumnName("student_name").Has(SensitiveCategory::kMinor));
  EXPECT_TRUE(CategoriesFromColumnName("人脸特征").Has(SensitiveCategory::kBiometric));
  // Short words match whole tokens only.
  EXPECT_TRUE(CategoriesFromColumnName("relation").empty());
  EXPECT_TRUE(CategoriesFromColumnName("discard_flag").empty());
  EXPECT_TRUE(CategoriesFromColumnName("amount").empty());
}

TEST(VocabularyTest, ClassificationHints) {
  EXPECT_EQ(ClassificationFromColumnName("military_unit"), DataClassification::kCore);
  EXPECT_EQ(ClassificationFromColumnName("基因序列"), DataClassification::kImportant);
  EXPECT_EQ(ClassificationFromColumnName("kwh"), DataClassification::kGeneral);
}

}  // namespace
}  // namespace bourse::scan
