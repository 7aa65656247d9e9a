// bourse: the data exchange server and its command-line client.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Bourse: an open data exchange. Run `bourse init` then `bourse serve`; the other commands "
      "talk to a "
      "running server (BOURSE_URL, BOURSE_TOKEN)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "bourse 0.1.0");
  int exit_code = 0;
  bourse::cli::RegisterServerCommands(app, exit_code);
  bourse::cli::RegisterClientCommands(app, exit_code);
  bourse::cli::RegisterLogCommands(app, exit_code);
  bourse::cli::RegisterProductCommands(app, exit_code);
  bourse::cli::RegisterTradeCommands(app, exit_code);
  bourse::cli::RegisterBoardCommands(app, exit_code);
  bourse::cli::RegisterComplianceCommands(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
