#include "base/thread_name.h"

#include <thread>

#include "gtest/gtest.h"

namespace bourse {
namespace {

TEST(ThreadName, NamesTheCallingThreadOnly) {
  const std::string before = CurrentThreadName();
  std::string inside;
  std::thread t([&] {
    SetCurrentThreadName("bourse-test");
    inside = CurrentThreadName();
  });
  t.join();
  EXPECT_EQ(inside, "bourse-test");
  EXPECT_EQ(CurrentThreadName(), before);
}

TEST(ThreadName, CutsNamesToWhatTheKernelKeeps) {
  std::string inside;
  std::thread t([&] {
    SetCurrentThreadName("bourse-a-very-long-thread-name");
    inside = CurrentThreadName();
  });
  t.join();
  EXPECT_EQ(inside, "bourse-a-very-l");
}

}  // namespace
}  // namespace bourse

namespace bourse {
namespace {

TEST(ThreadPriority, OnlyTheCallingThreadIsLowered) {
  const int before = CurrentThreadNice();
  int inside = 0;
  std::thread t([&] {
    LowerCurrentThreadPriority();
    inside = CurrentThreadNice();
  });
  t.join();
  EXPECT_EQ(inside, 19);
  EXPECT_EQ(CurrentThreadNice(), before) << "the caller's thread keeps its priority";
}

}  // namespace
}  // namespace bourse
