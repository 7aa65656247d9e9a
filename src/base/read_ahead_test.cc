#include "base/read_ahead.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/errors.h"

namespace bourse {
namespace {

// A gate the test opens: fills that wait on it keep the pool's threads busy.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  void Wait() {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [this] { return open; });
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu);
      open = true;
    }
    cv.notify_all();
  }
};

TEST(ReadAheadTest, ThePoolPreparesThePieceAndItIsTakenOnce) {
  ReadAhead ahead;
  std::atomic<std::thread::id> filler{};
  ahead.Start(7, [&](uint64_t i, std::string& out) {
    filler = std::this_thread::get_id();
    out = "piece " + std::to_string(i);
    return OkStatus();
  });
  // Give the pool time to finish, then take: the work was done on another thread.
  for (int i = 0; i < 200 && filler.load() == std::thread::id{}; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto got = ahead.Take(7);
  ASSERT_TRUE(got.ok());
  ASSERT_NE(*got, nullptr);
  EXPECT_EQ(**got, "piece 7");
  EXPECT_NE(filler.load(), std::this_thread::get_id());
  auto again = ahead.Take(7);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, nullptr) << "a piece is handed out once";
  auto other = ahead.Take(8);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, nullptr) << "piece 8 was never started";
}

TEST(ReadAheadTest, APieceThePoolHasNotBegunIsFilledByTheReaderWithoutWaiting) {
  Gate gate;
  // Occupy every pool thread (there are at most two) with fills that wait on the gate.
  std::atomic<int> started{0};
  ReadAhead busy1, busy2;
  for (ReadAhead* busy : {&busy1, &busy2})
    busy->Start(0, [&](uint64_t, std::string& out) {
      ++started;
      gate.Wait();
      out = "late";
      return OkStatus();
    });
  const uint64_t stolen_before = ReadAhead::StolenCount();
  ReadAhead ahead;
  std::thread::id filler;
  ahead.Start(3, [&](uint64_t, std::string& out) {
    filler = std::this_thread::get_id();
    out = "mine";
    return OkStatus();
  });
  auto got = ahead.Take(3);  // Would hang until the gate opened if it waited for the pool.
  ASSERT_TRUE(got.ok());
  ASSERT_NE(*got, nullptr);
  EXPECT_EQ(**got, "mine");
  EXPECT_EQ(filler, std::this_thread::get_id());
  EXPECT_EQ(ReadAhead::StolenCount(), stolen_before + 1);
  gate.Open();
  for (ReadAhead* busy : {&busy1, &busy2}) {
    auto late = busy->Take(0);
    ASSERT_TRUE(late.ok());
    ASSERT_NE(*late, nullptr);
    EXPECT_EQ(**late, "late");
  }
}

TEST(ReadAheadTest, AFailedFillIsTheTakersError) {
  ReadAhead ahead;
  ahead.Start(1, [](uint64_t, std::string&) { return DataLossError("chunk 1 is bad"); });
  auto got = ahead.Take(1);
  EXPECT_EQ(got.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(got.status().message(), "chunk 1 is bad");
}

TEST(ReadAheadTest, AReaderMayGoAwayWhileItsFillRuns) {
  Gate gate;
  auto alive = std::make_shared<std::atomic<bool>>(false);
  {
    ReadAhead ahead;
    ahead.Start(0, [&gate, alive](uint64_t, std::string& out) {
      gate.Wait();
      out.assign(1 << 20, 'x');
      *alive = true;
      return OkStatus();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }  // Destroyed while the fill waits (or before it began): nothing dangles.
  gate.Open();
  for (int i = 0; i < 200 && !*alive; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(*alive) << "the fill ran to its end after its reader was gone";
}

}  // namespace
}  // namespace bourse
