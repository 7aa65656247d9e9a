// Trading use cases (W4, W5): the buyer's declaration and request, the negotiation (Dataspace
// Protocol states), the signed contract with its payment into escrow, file delivery under a live
// contract, acceptance and clearing (the exchange's fee from the supplier's side), cancellation
// and refunds, disputes that freeze escrow until the operator resolves them, the cross-border
// route of each outbound contract (and the gate of service/circulation_gate.h on every path
// that delivers, settles or renews), deposits and withdrawals against bank references, and trade
// certificates on settlement.
//
// Every use case is one store transaction with its transparency-log entry; money moves only as
// balanced journal entries, and an entry that would overdraw an account is refused with nothing
// changed. Parties see their own negotiations and contracts, the operator and the regulator see
// all; anything else answers NotFound. Thread-safe.
#ifndef BOURSE_SERVICE_TRADE_SERVICE_H_
#define BOURSE_SERVICE_TRADE_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "delivery/blob_store.h"
#include "domain/cross_border.h"
#include "domain/ledger.h"
#include "domain/principal.h"
#include "domain/trade.h"
#include "log/transparency_log.h"
#include "service/certificate_authority.h"
#include "service/idempotency_service.h"
#include "store/store.h"

namespace bourse::service {

struct TradeOptions {
  int fee_basis_points = 250;  // The exchange's fee from the supplier's side (2.5 %).
  absl::Duration acceptance_window = absl::Hours(72);
  domain::CrossBorderThresholds thresholds;
  domain::MoneyBounds money;
};

struct ContractView {
  domain::Contract contract;
  std::optional<store::CrossBorderCase> cross_border;
  // What the cross-border gate finds now: the evidence kinds still missing, and the exporter's
  // evidence that satisfies the rest.
  std::vector<domain::EvidenceKind> missing_evidence;
  std::vector<EvidenceId> relied_on;
  std::vector<domain::Certificate> certificates;
};

// What a download may read: a byte range of the contracted revision's sealed file.
struct DownloadGrant {
  std::shared_ptr<ByteSource> source;  // The dataset's plaintext.
  std::string file_name;
  std::string sha256;
  int64_t size = 0;    // The whole file.
  int64_t offset = 0;  // First byte sent.
  int64_t length = 0;  // Bytes sent.
  bool partial = false;
};

class TradeService {
 public:
  TradeService(store::Store& store, const Clock& clock, Random& random, log::TransparencyLog& log,
               CertificateAuthority& authority, const delivery::BlobStore& blobs,
               TradeOptions options)
      : store_(store),
        clock_(clock),
        random_(random),
        log_(log),
        authority_(authority),
        blobs_(blobs),
        options_(std::move(options)) {}

  // The buyer's declaration and first request; `terms` empty accepts the list price.
  // `instant` buys at the list price: a listed price is the seller's standing offer, so the
  // provider's side agrees and finalises at once, as a Dataspace Protocol connector does when a
  // request matches its catalogue offer — the contract is signed and paid in this one step.
  // `for_buyer` names the buyer when the caller is a data merchant acting under that buyer's
  // mandate; the merchant's commission is then escrowed with the price.
  StatusOr<domain::Negotiation> Request(
      const domain::Principal& caller, const ProductId& product,
      const domain::Declaration& declaration, const std::optional<domain::OfferTerms>& terms,
      const std::string& message, bool instant = false,
      const std::optional<OrganizationId>& for_buyer = std::nullopt);
  // Request() inside the caller's transaction, for use cases that start a negotiation as part
  // of a larger change (taking an offer from the demand board).
  StatusOr<domain::Negotiation> RequestIn(store::Transaction& tx, const domain::Principal& caller,
                                          const ProductId& product,
                                          const domain::Declaration& declaration,
                                          const std::optional<domain::OfferTerms>& terms,
                                          const std::string& message, bool instant,
                                          const std::optional<OrganizationId>& for_buyer);
  // A negotiation step; `terms` is required for request (a counter-offer) and offer.
  // Finalising signs the contract and moves the price into escrow.
  StatusOr<domain::Negotiation> Negotiate(
      const domain::Principal& caller, const NegotiationId& id, domain::NegotiationAction action,
      const std::optional<domain::OfferTerms>& terms, const std::string& message,
      const RecordInTransaction<domain::Negotiation>& record = nullptr);
  // A seller mandates an approved data merchant to sell for it, for a commission (basis points
  // of each trade's price, taken from the seller's proceeds). The merchant may then take the
  // seller's side in negotiations, finalise and deliver. A buyer's mandate lets the merchant
  // request, negotiate and accept for the buyer, for a commission the buyer pays on top of the
  // price (escrowed with it at signing, cleared to the merchant with the proceeds).
  StatusOr<domain::Mandate> GrantMandate(const domain::Principal& caller,
                                         const OrganizationId& agent, int commission_basis_points,
                                         domain::MandateSide side = domain::MandateSide::kSeller);
  StatusOr<domain::Mandate> RevokeMandate(const domain::Principal& caller, const MandateId& id);
  StatusOr<std::vector<domain::Mandate>> Mandates(const domain::Principal& caller);

  StatusOr<domain::Negotiation> GetNegotiation(const domain::Principal& caller,
                                               const NegotiationId& id);
  StatusOr<store::NegotiationPage> ListNegotiations(const domain::Principal& caller,
                                                    int64_t after_seq, int limit);

  StatusOr<ContractView> GetContract(const domain::Principal& caller, const ContractId& id);
  StatusOr<store::ContractPage> ListContracts(const domain::Principal& caller, int64_t after_seq,
                                              int limit);
  // The ODRL agreement of a contract the caller may see.
  StatusOr<boost::json::object> Agreement(const domain::Principal& caller, const ContractId& id);
  // The agreement signed by the exchange: a compact JWS (typ "odrl+jws") whose payload is the
  // canonical agreement, the SHA-256 of which is the contract's logged digest.
  StatusOr<std::string> SignedAgreement(const domain::Principal& caller, const ContractId& id);
  // The agreement rendered for people to read (see ReadableAgreement in contract_document.h).
  StatusOr<std::string> ReadableAgreementText(const domain::Principal& caller,
                                              const ContractId& id);
  // Use cases that move money take `record`, called with the result inside their transaction
  // (the idempotent response is then committed with the money, or not at all).
  StatusOr<ContractView> ActOnTrade(const domain::Principal& caller, const ContractId& id,
                                    domain::TradeAction action, const std::string& reason,
                                    const RecordInTransaction<ContractView>& record = nullptr);
  StatusOr<ContractView> ChangeContract(const domain::Principal& caller, const ContractId& id,
                                        domain::ContractAction action, const std::string& reason,
                                        const RecordInTransaction<ContractView>& record = nullptr);
  // Authorises (and meters) a download of bytes [offset, offset + length) — length 0 means to
  // the end. The first download delivers the trade and starts the acceptance window. A `probe`
  // (HEAD) is decided the same way but delivers, meters and logs nothing.
  StatusOr<DownloadGrant> Download(const domain::Principal& caller, const ContractId& id,
                                   int64_t offset, int64_t length, bool probe = false);

  // The operator records money arriving from or leaving for the bank.
  StatusOr<domain::JournalEntry> Deposit(
      const domain::Principal& caller, const OrganizationId& org, const domain::Money& amount,
      const std::string& bank_ref,
      const RecordInTransaction<domain::JournalEntry>& record = nullptr) {
    return MoveMoney(caller, domain::JournalKind::kDeposit, org, amount, bank_ref, record);
  }
  StatusOr<domain::JournalEntry> Withdraw(
      const domain::Principal& caller, const OrganizationId& org, const domain::Money& amount,
      const std::string& bank_ref,
      const RecordInTransaction<domain::JournalEntry>& record = nullptr) {
    return MoveMoney(caller, domain::JournalKind::kWithdrawal, org, amount, bank_ref, record);
  }
  const domain::MoneyBounds& money_bounds() const { return options_.money; }
  StatusOr<std::vector<store::AccountBalance>> Balances(const domain::Principal& caller,
                                                        const OrganizationId& org);
  StatusOr<std::vector<domain::JournalEntry>> Journal(const domain::Principal& caller,
                                                      const OrganizationId& org, int64_t before_seq,
                                                      int limit);
  // The cross-border register (operator and regulator).
  StatusOr<std::vector<store::CrossBorderCase>> CrossBorderRegister(const domain::Principal& caller,
                                                                    int64_t after_seq, int limit);
  StatusOr<store::TradeTotals> Totals();

  // Settles delivered trades whose acceptance window has ended, and renews (or ends) the
  // subscriptions whose term has ended. Returns how many contracts it moved.
  StatusOr<int> Sweep();

 private:
  StatusOr<domain::Negotiation> Load(store::Transaction& tx, const domain::Principal& caller,
                                     const NegotiationId& id);
  StatusOr<domain::Contract> LoadContract(store::Transaction& tx, const domain::Principal& caller,
                                          const ContractId& id);
  // The contract with its cross-border case and certificates; those in `known` (just issued in
  // this transaction, say) are not read again.
  StatusOr<ContractView> View(store::Transaction& tx, const domain::Contract& c,
                              const std::vector<domain::Certificate>& known = {});
  // Signs the contract of negotiation `n`: escrow, cross-border case, log.
  Status Sign(store::Transaction& tx, domain::Negotiation& n, const OrganizationId& actor);
  // Applies a trade transition with its money movement and log entry. Settling takes its
  // certificates from `presigned` where they match, and adds those it issues to `issued`.
  Status Move(store::Transaction& tx, domain::Contract& c, domain::TradeAction action,
              const std::optional<OrganizationId>& actor, const std::string& reason,
              PresignedCertificates* presigned = nullptr,
              std::vector<domain::Certificate>* issued = nullptr);
  Status Settle(store::Transaction& tx, domain::Contract& c, const OrganizationId& actor,
                PresignedCertificates* presigned, std::vector<domain::Certificate>* issued);
  // Signs, from a snapshot and before the write, the certificates that settling contract `id`
  // would issue now. Best effort: returns nothing when the contract does not settle on `action`
  // or cannot be read.
  PresignedCertificates PresignSettlement(const domain::Principal& caller, const ContractId& id,
                                          domain::TradeAction action);
  // Charges the next term of a subscription whose term has ended and clears it to the seller;
  // a buyer who cannot pay, or a contract no longer active and settled, stops renewing.
  Status Renew(store::Transaction& tx, domain::Contract& c);
  StatusOr<ContractView> SetRenewal(const domain::Principal& caller, const ContractId& id,
                                    bool renews, const std::string& reason,
                                    const RecordInTransaction<ContractView>& record);
  // The contract alone (no certificates or cross-border case), when the caller may see it.
  StatusOr<domain::Contract> ReadContract(const domain::Principal& caller, const ContractId& id);
  // Whether `caller` is the seller, or a merchant holding the seller's active mandate.
  StatusOr<bool> ActsForSeller(store::Transaction& tx, const domain::Principal& caller,
                               const OrganizationId& seller);
  // Whether `caller` is the buyer, or the recorded merchant `agent` still holding the buyer's
  // active mandate.
  StatusOr<bool> ActsForBuyer(store::Transaction& tx, const domain::Principal& caller,
                              const OrganizationId& buyer,
                              const std::optional<OrganizationId>& agent);
  StatusOr<domain::JournalEntry> MoveMoney(const domain::Principal& caller,
                                           domain::JournalKind kind, const OrganizationId& org,
                                           const domain::Money& amount, const std::string& bank_ref,
                                           const RecordInTransaction<domain::JournalEntry>& record);
  StatusOr<domain::JournalEntry> Post(store::Transaction& tx, domain::JournalKind kind,
                                      std::string reference,
                                      std::optional<OrganizationId> organization,
                                      std::optional<ContractId> contract,
                                      std::vector<domain::Posting> postings);
  // The table's facts for an outbound trade of `rev` by `exporter`: the data's from the
  // revision and its scan, the exporter's from its verified profile, and this year's volumes.
  StatusOr<domain::CrossBorderFacts> FactsFor(store::Transaction& tx, const domain::Revision& rev,
                                              const OrganizationId& exporter, int year);

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  log::TransparencyLog& log_;
  CertificateAuthority& authority_;
  const delivery::BlobStore& blobs_;
  TradeOptions options_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_TRADE_SERVICE_H_
