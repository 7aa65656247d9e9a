// The JSON reader and every request-body decoder: the first byte picks the decoder, the rest is
// the body. Any input must give a value or a Status, never a crash, hang or sanitizer report.
#include "api/board_wire.h"
#include "api/compliance_wire.h"
#include "api/json_reader.h"
#include "api/product_wire.h"
#include "api/trade_wire.h"
#include "api/wire.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using namespace bourse::api;
  const std::string_view body = AsText(data + 1, size - 1);
  switch (data[0] % 24) {
    case 0:
      (void)ParseObject(body);
      break;
    case 1:
      (void)ParseApplication(body);
      break;
    case 2:
      (void)ParseDecision(body);
      break;
    case 3:
      (void)ParseTokenRequest(body);
      break;
    case 4:
      (void)ParseSignInRequest(body);
      break;
    case 5:
      (void)ParsePasswordRequest(body);
      break;
    case 6:
      (void)ParseDemand(body);
      break;
    case 7:
      (void)ParseDemandOffer(body);
      break;
    case 8:
      (void)ParseAcceptOffer(body);
      break;
    case 9:
      (void)ParseWebhook(body);
      break;
    case 10:
      (void)ParseExporterProfile(body);
      break;
    case 11:
      (void)ParseEvidenceFiling(body);
      break;
    case 12:
      (void)ParseEvidenceDecision(body);
      break;
    case 13:
      (void)ParseDescription(body);
      break;
    case 14:
      (void)ParseProductAction(body);
      break;
    case 15:
      (void)ParseAssessment(body);
      break;
    case 16:
      (void)ParseUpload(body);
      break;
    case 17:
      (void)ParseReason(body);
      break;
    case 18:
      (void)ParseRegistration(body);
      break;
    case 19:
      (void)ParseRegistrationAction(body);
      break;
    case 20:
      (void)ParseTradeRequest(body);
      break;
    case 21:
      (void)ParseNegotiationStep(body);
      break;
    case 22:
      (void)ParseMoneyMovement(body);
      break;
    default:
      (void)ParseMandate(body);
      break;
  }
  return 0;
}
