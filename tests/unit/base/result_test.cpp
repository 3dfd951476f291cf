#include "base/result.hpp"

#include <gtest/gtest.h>

#include <string>

using cairn::errc;
using cairn::result;

TEST(Result, HoldsValueOrError) {
  result<std::string> ok = std::string("x");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "x");
  EXPECT_FALSE(ok.error());

  result<std::string> bad = errc::not_found;
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), errc::not_found);
  EXPECT_EQ(bad.error().message(), "no such mailbox");

  result<void> v;
  EXPECT_TRUE(v);
  result<void> e = errc::disk_full;
  EXPECT_EQ(e.error(), errc::disk_full);
}
