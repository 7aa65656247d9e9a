// Verifying the transparency log as a third party: from the server over HTTP or from an exported
// directory, with nothing but the log's verifier key.
//
// Every file is named by its path under the log prefix, as C2SP tlog-tiles lays it out:
// "checkpoint", "vkey", "tile/<L>/<N>[.p/<W>]", "tile/entries/<N>[.p/<W>]". Proofs are computed
// here from the tiles the log published, so nothing the log says about itself is taken on trust.
#ifndef BOURSE_CLIENT_LOG_VERIFIER_H_
#define BOURSE_CLIENT_LOG_VERIFIER_H_

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "client/http_client.h"
#include "crypto/signed_note.h"
#include "merkle/checkpoint.h"

namespace bourse::client {

// Reads one log file by its path; NotFound when absent.
using LogFetch = std::function<StatusOr<std::string>(const std::string& path)>;
LogFetch HttpLogSource(HttpClient& http);  // GET /log/<path>
LogFetch DirLogSource(std::string dir);    // DIR/<path>

struct LogReport {
  merkle::CheckpointBody checkpoint;
  std::string checkpoint_note;
  bool checked_consistency = false;  // A saved checkpoint was given and the log extends it.
  bool checked_full = false;         // Every tile and entry was recomputed.
  uint64_t previous_size = 0;
};

// Opens the latest checkpoint with `verifier`. With a `saved_note` (an earlier checkpoint of the
// same log) proves that the log only grew since. With `full`, rebuilds the tree from the entry
// bundles and compares every hash tile and the root. DataLoss names the first file that
// disagrees; FailedPrecondition reports a log that shrank or forked.
StatusOr<LogReport> VerifyLog(const LogFetch& fetch, const crypto::NoteVerifier& verifier,
                              const std::string& saved_note, bool full);

struct EntryProof {
  merkle::CheckpointBody checkpoint;
  std::string leaf;
};
// Proves that the entry at `index` is in the latest checkpoint.
StatusOr<EntryProof> ProveEntry(const LogFetch& fetch, const crypto::NoteVerifier& verifier,
                                uint64_t index);

// Copies the checkpoint, the verifier key and every tile and entry bundle of the latest
// checkpoint into `dir`, laid out as the URLs are. Returns the files written.
StatusOr<int> ExportLog(const LogFetch& fetch, const std::string& dir,
                        const std::function<void(int done, int total)>& progress = {});

}  // namespace bourse::client

#endif  // BOURSE_CLIENT_LOG_VERIFIER_H_
