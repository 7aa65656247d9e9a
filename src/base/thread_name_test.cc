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
  bool idle_policy = false;
  std::thread t([&] {
    LowerCurrentThreadPriority();
    inside = CurrentThreadNice();
    idle_policy = CurrentThreadRunsWhenIdle();
  });
  t.join();
  EXPECT_EQ(inside, 19);
  EXPECT_TRUE(idle_policy);
  EXPECT_EQ(CurrentThreadNice(), before) << "the caller's thread keeps its priority";
  EXPECT_FALSE(CurrentThreadRunsWhenIdle());
}

}  // namespace
}  // namespace bourse
