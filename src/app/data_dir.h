// Creating a data directory: DIR/bourse.toml (commented defaults), DIR/keys/issuer.ed25519.pem
// (the exchange's Ed25519 signing key, mode 0600), DIR/bourse.db (migrated), the venue's operator
// and regulator organisations, and their first tokens in DIR/operator.token and
// DIR/regulator.token (mode 0600).
#ifndef BOURSE_APP_DATA_DIR_H_
#define BOURSE_APP_DATA_DIR_H_

#include <string>

#include "app/config.h"
#include "base/status.h"

namespace bourse::app {

struct InitResult {
  std::string operator_id;
  std::string operator_token;
  std::string regulator_id;
  std::string regulator_token;
};

// AlreadyExists when DIR already holds a database.
StatusOr<InitResult> InitDataDir(const Config& config);
bool IsInitialised(const Config& config);
// Writes `content` to `path` with mode 0600, replacing it atomically.
Status WritePrivateFile(const std::string& path, const std::string& content);
StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace bourse::app

#endif  // BOURSE_APP_DATA_DIR_H_
