// The [store] keys: defaults, values, and errors naming the key.
#include <gtest/gtest.h>

#include "server/config.hpp"

using cairn::server::config;
using cairn::server::config_error;
using cairn::server::parse_config;

namespace {

std::string error_of(std::string_view toml) {
  try {
    parse_config(toml);
  } catch (const config_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(store_config, Defaults) {
  config c = parse_config("");
  EXPECT_EQ(c.store_workers, 16u);
  EXPECT_EQ(c.store_queue, 4096u);
  EXPECT_EQ(c.store_keep_open, 256u);
}

TEST(store_config, KeepOpen) {
  EXPECT_EQ(parse_config("[store]\nkeep_open = 0\n").store_keep_open, 0u);
  EXPECT_EQ(parse_config("[store]\nkeep_open = 1000\n").store_keep_open, 1000u);
  EXPECT_EQ(parse_config("[store]\nkeep_open = 65536\n").store_keep_open, 65536u);
  EXPECT_NE(error_of("[store]\nkeep_open = 65537\n").find("store.keep_open"), std::string::npos);
  EXPECT_NE(error_of("[store]\nkeep_open = -1\n").find("store.keep_open"), std::string::npos);
  EXPECT_NE(error_of("[store]\nkeep_open = \"many\"\n").find("store.keep_open"), std::string::npos);
}

TEST(store_config, SortCacheMessages) {
  EXPECT_EQ(parse_config("").store_sort_cache_messages, 250000u);
  EXPECT_EQ(parse_config("[store]\nsort_cache_messages = 0\n").store_sort_cache_messages, 0u);
  EXPECT_EQ(parse_config("[store]\nsort_cache_messages = 100000000\n").store_sort_cache_messages, 100000000u);
  EXPECT_NE(error_of("[store]\nsort_cache_messages = 100000001\n").find("store.sort_cache_messages"),
            std::string::npos);
  EXPECT_NE(error_of("[store]\nsort_cache_messages = -5\n").find("store.sort_cache_messages"), std::string::npos);
}

TEST(store_config, FlagsCacheMessages) {
  EXPECT_EQ(parse_config("").store_flags_cache_messages, 1000000u);
  EXPECT_EQ(parse_config("[store]\nflags_cache_messages = 0\n").store_flags_cache_messages, 0u);
  EXPECT_EQ(parse_config("[store]\nflags_cache_messages = 5000\n").store_flags_cache_messages, 5000u);
  EXPECT_NE(error_of("[store]\nflags_cache_messages = 100000001\n").find("store.flags_cache_messages"),
            std::string::npos);
  EXPECT_NE(error_of("[store]\nflags_cache_messages = -1\n").find("store.flags_cache_messages"), std::string::npos);
}
