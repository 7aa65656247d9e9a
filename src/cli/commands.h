// The `bourse` command's subcommands. Each Register* adds its subcommands to the CLI11 app; the
// callbacks set the process exit code through the returned int reference.
#ifndef BOURSE_CLI_COMMANDS_H_
#define BOURSE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <string>

#include "base/status.h"

namespace bourse::cli {

// Prints "error: …" (with the field at fault) to stderr and returns the exit code for `status`.
int ReportError(const Status& status);

void RegisterServerCommands(CLI::App& app, int& exit_code);
void RegisterClientCommands(CLI::App& app, int& exit_code);
void RegisterLogCommands(CLI::App& app, int& exit_code);

}  // namespace bourse::cli

#endif  // BOURSE_CLI_COMMANDS_H_
