// What column names say about their contents: the sensitive personal-information categories of
// PIPL 28 and hints of important or core data (GB/T 43697-2024), from English and Chinese
// dictionaries. Short English words match whole tokens of the name (so "relation" is not a
// latitude); longer words and Chinese terms match anywhere.
#ifndef BOURSE_SCAN_VOCABULARY_H_
#define BOURSE_SCAN_VOCABULARY_H_

#include <string_view>

#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::scan {

domain::EnumSet<domain::SensitiveCategory> CategoriesFromColumnName(std::string_view name);

// The classification a column's name suggests on its own (general when it suggests nothing).
domain::DataClassification ClassificationFromColumnName(std::string_view name);

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_VOCABULARY_H_
