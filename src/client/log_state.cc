#include "client/log_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace bourse::client {
namespace {

Status Failed(std::string_view what, const std::string& path, std::string_view why) {
  return FailedPreconditionError(StrCat(what, " ", path, ": ", why));
}

}  // namespace

StatusOr<LogState> ReadLogState(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return LogState{};
    return Failed("cannot read the log state", path, std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return Failed("cannot read the log state", path, "not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Failed("cannot read the log state", path, std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Failed("cannot read the log state", path, "read error");
  const std::string fix = "; move it away to trust the log's current checkpoint again";
  boost::system::error_code ec;
  auto v = boost::json::parse(ss.str(), ec);
  if (ec || !v.is_object())
    return Failed("the log state", path, StrCat("is not the JSON object bourse saves", fix));
  const auto& o = v.as_object();
  const auto* vkey = o.if_contains("vkey");
  const auto* checkpoint = o.if_contains("checkpoint");
  if (!vkey || !vkey->is_string() || !checkpoint || !checkpoint->is_string())
    return Failed("the log state", path, StrCat("lacks its vkey or checkpoint", fix));
  return LogState{std::string(vkey->as_string()), std::string(checkpoint->as_string())};
}

Status SaveLogState(const std::string& path, const LogState& state) {
  const std::filesystem::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return Failed("cannot save the log state to", path, ec.message());
  }
  const std::string tmp = StrCat(path, ".tmp");
  const std::string body = boost::json::serialize(
      boost::json::object{{"vkey", state.vkey}, {"checkpoint", state.checkpoint}});
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Failed("cannot save the log state to", path, std::strerror(errno));
  size_t done = 0;
  while (done < body.size()) {
    ssize_t n = ::write(fd, body.data() + done, body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Failed("cannot save the log state to", path, why);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Failed("cannot save the log state to", path, why);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Failed("cannot save the log state to", path, why);
  }
  return OkStatus();
}

}  // namespace bourse::client
