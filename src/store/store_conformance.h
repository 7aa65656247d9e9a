// The storage conformance suite. A backend instantiates it with a function that opens a store
// in a given directory (called again on the same directory to test reopening):
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(StoreOpener(&OpenMyBackendIn)));
//
// Every backend must pass it unchanged; it pins down error codes (AlreadyExists, NotFound,
// FailedPrecondition on read-only writes), rollback, paging and durability across reopen.
#ifndef BOURSE_STORE_STORE_CONFORMANCE_H_
#define BOURSE_STORE_STORE_CONFORMANCE_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "store/store.h"

namespace bourse::store::testing {

using StoreOpener = std::function<StatusOr<std::unique_ptr<Store>>(const std::string& dir)>;

class StoreConformanceTest : public ::testing::TestWithParam<StoreOpener> {
 protected:
  void SetUp() override;
  void TearDown() override;
  void Reopen();
  std::string dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace bourse::store::testing

#endif  // BOURSE_STORE_STORE_CONFORMANCE_H_
