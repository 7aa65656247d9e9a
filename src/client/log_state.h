// The state `bourse log verify` keeps between runs: the verifier key it trusts and the last
// checkpoint it verified, so the next run can prove the log only grew (rollback detection).
//
// Promises: a missing file is a first use (empty state); anything else that cannot be read —
// a directory, an unreadable file, a file that is not the state's JSON — is an error naming the
// path, never silently a first use. Saving writes a temporary file beside the state and renames
// it over, so a crash leaves the old state or the new one, and reports any failure.
#ifndef BOURSE_CLIENT_LOG_STATE_H_
#define BOURSE_CLIENT_LOG_STATE_H_

#include <string>

#include "base/status.h"

namespace bourse::client {

struct LogState {
  std::string vkey;        // Empty on first use.
  std::string checkpoint;  // The last verified checkpoint's signed note; empty on first use.
};

StatusOr<LogState> ReadLogState(const std::string& path);
// Creates the parent directory when missing; the file is private to its owner (0600).
Status SaveLogState(const std::string& path, const LogState& state);

}  // namespace bourse::client

#endif  // BOURSE_CLIENT_LOG_STATE_H_
