// webhook, notifications: what the exchange tells an organisation, and where it posts it.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <string>

#include "cli/commands.h"

namespace bourse::cli {
namespace json = boost::json;

namespace {

// Runs the request; prints the JSON with --json, else one line per item through `line`.
template <typename Line>
int Run(const ClientFlags& cf, const std::string& method, const std::string& target,
        const std::string& body, Line line) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  auto r = CallJson(**c, method, target, body);
  if (!r.ok()) return ReportError(r.status());
  if (cf.json) {
    fmt::print("{}\n", json::serialize(*r));
    return 0;
  }
  if (!r->is_object()) return 0;  // DELETE answers 204.
  const auto& o = r->as_object();
  if (auto it = o.find("items"); it != o.end() && it->value().is_array()) {
    for (const auto& item : it->value().as_array())
      if (item.is_object()) line(item.as_object());
  } else {
    line(o);
  }
  return 0;
}

}  // namespace

void RegisterBoardCommands(CLI::App& app, int& exit_code) {
  static ClientFlags cf;
  static std::string url, id;

  auto* hook = app.add_subcommand("webhook", "Webhooks: where your notifications are posted");
  auto* add = hook->add_subcommand(
      "add", "Register an https:// (or http://) endpoint; its signing secret is shown once");
  add->add_option("url", url)->required();
  AddClientFlags(add, cf);
  add->callback([&] {
    exit_code = Run(cf, "POST", "/v1/webhooks", json::serialize(json::object{{"url", url}}),
                    [](const json::object& w) {
                      fmt::print(
                          "{}  {}\n  secret  {}  (shown once: keep it to check "
                          "Bourse-Signature)\n",
                          FieldText(w, "id"), FieldText(w, "url"), FieldText(w, "secret"));
                    });
  });
  auto* list = hook->add_subcommand("list", "Your webhooks");
  AddClientFlags(list, cf);
  list->callback([&] {
    exit_code = Run(cf, "GET", "/v1/webhooks", "", [](const json::object& w) {
      fmt::print("{}  {:<8} {}\n", FieldText(w, "id"),
                 FieldText(w, "active") == "true" ? "active" : "inactive", FieldText(w, "url"));
    });
  });
  auto* deliveries = hook->add_subcommand("deliveries", "A webhook's delivery log, newest first");
  deliveries->add_option("id", id)->required();
  AddClientFlags(deliveries, cf);
  deliveries->callback([&] {
    exit_code = Run(cf, "GET", "/v1/webhooks/" + id + "/deliveries", "", [](const json::object& d) {
      const std::string state = FieldText(d, "delivered") == "true"   ? "delivered"
                                : FieldText(d, "abandoned") == "true" ? "abandoned"
                                                                      : "pending";
      fmt::print("{:>6}  notification {:<6} {:<9} attempts {}  status {}  {}\n", FieldText(d, "id"),
                 FieldText(d, "notification_id"), state, FieldText(d, "attempts"),
                 FieldText(d, "last_status"), FieldText(d, "last_error"));
    });
  });
  auto* remove = hook->add_subcommand("remove", "Deactivate a webhook");
  remove->add_option("id", id)->required();
  AddClientFlags(remove, cf);
  remove->callback(
      [&] { exit_code = Run(cf, "DELETE", "/v1/webhooks/" + id, "", [](const json::object&) {}); });

  auto* news =
      app.add_subcommand("notifications", "What happened to your organisation, newest first");
  AddClientFlags(news, cf);
  news->callback([&] {
    exit_code = Run(cf, "GET", "/v1/notifications", "", [](const json::object& n) {
      fmt::print("{}  {:<22} {:<22} {}\n", FieldText(n, "created_at"), FieldText(n, "kind"),
                 FieldText(n, "subject"), FieldText(n, "text"));
    });
  });
}

}  // namespace bourse::cli
