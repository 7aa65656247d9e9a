#include "app/webhook_poster.h"

#include "base/errors.h"
#include "base/status_macros.h"
#include "client/http_client.h"

namespace bourse::app {

StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0)
    return UnavailableError("only http:// webhook endpoints are reachable");
  const size_t slash = url.find('/', kScheme.size());
  const std::string base = url.substr(0, slash);
  const std::string target = slash == std::string::npos ? "/" : url.substr(slash);
  BOURSE_ASSIGN_OR_RETURN(auto http, client::HttpClient::Create(base));
  BOURSE_ASSIGN_OR_RETURN(client::HttpReply reply, http->Send("POST", target, body, headers));
  return reply.status;
}

}  // namespace bourse::app
