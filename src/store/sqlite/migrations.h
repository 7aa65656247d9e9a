// The SQLite schema as an ordered list of migrations. Migration N (1-based) moves the schema from
// version N-1 to N. Never edit a migration that has shipped; append a new one. The schema is
// documented in docs/formats/schema.md.
#ifndef BOURSE_STORE_SQLITE_MIGRATIONS_H_
#define BOURSE_STORE_SQLITE_MIGRATIONS_H_

#include <vector>

namespace bourse::store::sqlite {

const std::vector<const char*>& Migrations();

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_MIGRATIONS_H_
