#include "app/data_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/exchange.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/secure_random.h"

namespace bourse::app {

bool IsInitialised(const Config& config) { return std::filesystem::exists(config.database_path()); }

Status WritePrivateFile(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return InternalError(StrCat("cannot write ", tmp));
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0)
    return InternalError(StrCat("cannot write ", path));
  return OkStatus();
}

StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return errors::NotFound(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

StatusOr<InitResult> InitDataDir(const Config& config) {
  if (IsInitialised(config)) {
    return errors::Make(StatusCode::kAlreadyExists, errors::kConflict,
                        StrCat(config.data_dir, " is already initialised"));
  }
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir + "/keys", ec);
  if (ec) return InternalError(StrCat("cannot create ", config.data_dir, ": ", ec.message()));
  ::chmod(config.data_dir.c_str(), 0700);
  ::chmod((config.data_dir + "/keys").c_str(), 0700);
  std::string toml = config.data_dir + "/bourse.toml";
  if (!std::filesystem::exists(toml)) {
    // The address and the log's identity chosen now are kept: credentials and checkpoints name
    // them.
    Config fixed = config;
    fixed.log_origin = EffectiveLogOrigin(config);
    BOURSE_RETURN_IF_ERROR(WritePrivateFile(toml, DefaultConfigFile(fixed)));
  }
  if (!std::filesystem::exists(config.issuer_key_path())) {
    crypto::SecureRandom random;
    BOURSE_RETURN_IF_ERROR(
        crypto::Ed25519PrivateKey::Generate(random).WritePemFile(config.issuer_key_path()));
  }
  // Opening the store creates the database and applies the migrations.
  std::ofstream(config.database_path(), std::ios::app).close();
  BOURSE_ASSIGN_OR_RETURN(auto exchange, Exchange::Open(config));

  domain::Application venue;
  venue.name = config.venue_name;
  venue.uscc = "91440300MA5HBN1Y3E";
  venue.legal_form = domain::LegalForm::kEnterpriseLegalPerson;
  venue.contact = {"Market operations", "operations@exchange.example", ""};
  BOURSE_ASSIGN_OR_RETURN(auto op, exchange->admission().Bootstrap(domain::Role::kOperator, venue));

  domain::Application regulator;
  regulator.name = "Municipal Data Administration (supervision)";
  regulator.uscc = "11440300MB2C92032L";
  regulator.legal_form = domain::LegalForm::kLegalPerson;
  regulator.contact = {"Supervision desk", "supervision@regulator.example", ""};
  BOURSE_ASSIGN_OR_RETURN(auto reg,
                          exchange->admission().Bootstrap(domain::Role::kRegulator, regulator));

  BOURSE_RETURN_IF_ERROR(exchange->log().Integrate().status());
  BOURSE_RETURN_IF_ERROR(
      WritePrivateFile(config.data_dir + "/operator.token", op.applicant_token.secret + "\n"));
  BOURSE_RETURN_IF_ERROR(
      WritePrivateFile(config.data_dir + "/regulator.token", reg.applicant_token.secret + "\n"));
  return InitResult{op.organization.id.value(), op.applicant_token.secret,
                    reg.organization.id.value(), reg.applicant_token.secret};
}

}  // namespace bourse::app
