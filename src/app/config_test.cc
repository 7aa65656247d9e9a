#include "app/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/demo.h"
#include "domain/uscc.h"

namespace bourse::app {
namespace {

TEST(Config, PrecedenceDefaultsFileEnvFlags) {
  auto dir = std::filesystem::temp_directory_path() / ("bourse_cfg_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bourse.toml")
      << "listen = \"127.0.0.1:9000\"\nthreads = 3\naccess_log = false\n";
  auto c = LoadConfig(dir.string(), {{"BOURSE_THREADS", "5"}}, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen, "127.0.0.1:9000");
  EXPECT_EQ(c->threads, 5) << "environment beats the file";
  EXPECT_FALSE(c->access_log);
  EXPECT_EQ(c->max_body_bytes, 1 << 20) << "default kept";
  c = LoadConfig(dir.string(), {{"BOURSE_THREADS", "5"}}, {{"threads", "7"}});
  EXPECT_EQ(c->threads, 7) << "flags beat the environment";
  EXPECT_EQ(LoadConfig(dir.string(), {{"BOURSE_THREADS", "lots"}}, {}).status().field(), "threads");
  EXPECT_EQ(LoadConfig(dir.string(), {}, {{"colour", "red"}}).status().field(), "colour");
  EXPECT_EQ(LoadConfig(dir.string(), {}, {{"listen", "nowhere"}}).status().field(), "listen");
  std::ofstream(dir / "bourse.toml") << "threads = [1]\n";
  EXPECT_FALSE(LoadConfig(dir.string(), {}, {}).ok());
  std::filesystem::remove_all(dir);
}

TEST(Config, DefaultFileDocumentsEverySettingAndParses) {
  std::string text = DefaultConfigFile();
  for (const auto& s : Settings()) EXPECT_NE(text.find(s.key + " = "), std::string::npos) << s.key;
  auto dir = std::filesystem::temp_directory_path() / ("bourse_cfg2_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bourse.toml") << text;
  auto c = LoadConfig(dir.string(), {}, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen, Config{}.listen);
  std::filesystem::remove_all(dir);
}

TEST(Demo, GeneratedUsccsAreValid) {
  SeededRandom r(5);
  for (int i = 0; i < 500; ++i) {
    std::string code = DemoUscc(r, "440300");
    EXPECT_TRUE(domain::ValidateUscc(code).ok()) << code;
  }
}

}  // namespace
}  // namespace bourse::app
