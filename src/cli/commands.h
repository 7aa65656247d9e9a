// The `bourse` command's subcommands. Each Register* adds its subcommands to the CLI11 app; the
// callbacks set the process exit code through the returned int reference.
#ifndef BOURSE_CLI_COMMANDS_H_
#define BOURSE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <memory>
#include <string>

#include "base/status.h"
#include "client/bourse_client.h"

namespace bourse::cli {

// Prints "error: …" (with the field at fault) to stderr and returns the exit code for `status`.
int ReportError(const Status& status);

// Flags every client command takes: --url, --token, --json.
struct ClientFlags {
  std::string url;
  std::string token;
  bool json = false;
};
void AddClientFlags(CLI::App* cmd, ClientFlags& f);
// A client for the flags, falling back to $BOURSE_URL and $BOURSE_TOKEN.
StatusOr<std::unique_ptr<client::BourseClient>> Connect(const ClientFlags& f);
// Sends a request and returns the parsed JSON body (null when empty), or the problem as a
// Status. A body without headers is sent as JSON.
StatusOr<boost::json::value> CallJson(client::BourseClient& c, const std::string& method,
                                      const std::string& target, const std::string& body = "",
                                      client::Headers headers = {});
// A member of a JSON reply as text: strings as they are, absent or null as "", anything else
// serialised.
std::string FieldText(const boost::json::object& o, std::string_view key);
// The contents of `path`, or of standard input for "-".
StatusOr<std::string> ReadInput(const std::string& path);

void RegisterServerCommands(CLI::App& app, int& exit_code);
void RegisterProductCommands(CLI::App& app, int& exit_code);
void RegisterClientCommands(CLI::App& app, int& exit_code);
void RegisterLogCommands(CLI::App& app, int& exit_code);
void RegisterTradeCommands(CLI::App& app, int& exit_code);
void RegisterBoardCommands(CLI::App& app, int& exit_code);
void RegisterComplianceCommands(CLI::App& app, int& exit_code);

}  // namespace bourse::cli

#endif  // BOURSE_CLI_COMMANDS_H_
