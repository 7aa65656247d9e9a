// The routes of the exchange's HTTP API and their handlers. Each handler parses its input with
// api/, calls one service method, and renders the result; rules and authorization live below.
#ifndef BOURSE_HTTP_HANDLERS_H_
#define BOURSE_HTTP_HANDLERS_H_

#include <boost/json.hpp>
#include <functional>
#include <string>

#include "http/metrics.h"
#include "http/router.h"
#include "log/transparency_log.h"
#include "service/admission_service.h"
#include "service/board_service.h"
#include "service/certificate_authority.h"
#include "service/evidence_service.h"
#include "service/product_service.h"
#include "service/registration_service.h"
#include "service/session_service.h"
#include "service/stats_service.h"
#include "service/token_service.h"
#include "service/trade_service.h"

namespace bourse::http {

struct ApiServices {
  service::AdmissionService& admission;
  service::TokenService& tokens;
  service::CertificateAuthority& authority;
  service::StatsService& stats;
  log::TransparencyLog& log;
  service::ProductService& products;
  service::RegistrationService& registrations;
  service::TradeService& trades;
  service::BoardService& board;
  std::string public_url;  // Base of DCAT identifiers.
  std::string venue_name;
  Metrics& metrics;
  std::function<Status()> readiness;  // OK when the server can serve traffic.
  std::string openapi_json;           // Served at /openapi.json.
  // Console sign-in; without it the session routes are not registered.
  service::SessionService* sessions = nullptr;
  // Exporters' verified facts and cross-border evidence; without it those routes are not
  // registered.
  service::EvidenceService* evidence = nullptr;
  // The built web console (index.html and assets/); empty or missing: no console is served.
  std::string console_dir;
};

// Registers every route; `services` must outlive the router.
void RegisterRoutes(Router& router, const ApiServices& services);
// The data-product, upload, registration and catalogue routes (product_handlers.cc).
void RegisterProductRoutes(Router& router, const ApiServices& services);
// The negotiation, contract, delivery, ledger and cross-border routes (trade_handlers.cc).
void RegisterTradeRoutes(Router& router, const ApiServices& services);
// The demand board, notification and webhook routes (board_handlers.cc).
void RegisterBoardRoutes(Router& router, const ApiServices& services);
// Exporter profiles and cross-border evidence (compliance_handlers.cc).
void RegisterComplianceRoutes(Router& router, const ApiServices& services);
// Console sign-in and passwords (session_handlers.cc).
void RegisterSessionRoutes(Router& router, const ApiServices& services);
// The web console's static files at / and /assets/ (console_handlers.cc).
void RegisterConsoleRoutes(Router& router, const ApiServices& services);
// Trade figures for /v1/stats: count, value per currency, by sector and by month.
boost::json::object TradeFigures(const ApiServices& services);

}  // namespace bourse::http

#endif  // BOURSE_HTTP_HANDLERS_H_
