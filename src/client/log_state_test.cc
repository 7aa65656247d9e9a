#include "client/log_state.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace bourse::client {
namespace {

class LogStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("bourse_log_state_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(LogStateTest, AMissingFileIsAFirstUseAndASavedStateReadsBack) {
  auto first = ReadLogState(Path("state/log.json"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->checkpoint.empty());
  ASSERT_TRUE(SaveLogState(Path("state/log.json"), {"key+1", "note\n"}).ok());
  auto again = ReadLogState(Path("state/log.json"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->vkey, "key+1");
  EXPECT_EQ(again->checkpoint, "note\n");
  struct stat st {};
  ASSERT_EQ(::stat(Path("state/log.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(Path("state/log.json.tmp")));
}

TEST_F(LogStateTest, ADirectoryIsNotAStateToReadOrSave) {
  std::filesystem::create_directories(Path("dir"));
  auto read = ReadLogState(Path("dir"));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("not a file"), std::string::npos);
  EXPECT_NE(read.status().message().find(Path("dir")), std::string::npos);
  EXPECT_FALSE(SaveLogState(Path("dir"), {"k", "c"}).ok());
}

TEST_F(LogStateTest, ACorruptStateIsAnErrorNotAFirstUse) {
  for (const char* body :
       {"{not json", "[]", R"({"vkey":"k"})", R"({"vkey":1,"checkpoint":"c"})"}) {
    std::ofstream(Path("bad.json")) << body;
    auto read = ReadLogState(Path("bad.json"));
    ASSERT_FALSE(read.ok()) << body;
    EXPECT_NE(read.status().message().find("move it away"), std::string::npos) << body;
  }
}

TEST_F(LogStateTest, AnUnwritablePlaceIsReported) {
  std::ofstream(Path("file")) << "x";
  // The parent is a regular file: no one can create a state under it, not even root.
  Status st = SaveLogState(Path("file/state.json"), {"k", "c"});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("cannot save the log state"), std::string::npos);
}

}  // namespace
}  // namespace bourse::client
