#include "store/flags.hpp"

#include <gtest/gtest.h>

#include "store/uid_ranges.hpp"

using namespace cairn::store;

TEST(store_flags, KeywordsCompareCaseInsensitively) {
  EXPECT_TRUE(keyword_equal("$Forwarded", "$forwarded"));
  EXPECT_FALSE(keyword_equal("a", "ab"));
  EXPECT_TRUE(keyword_less("Apple", "banana"));
  EXPECT_TRUE(keyword_less("apple", "Banana"));
  std::vector<std::string> kw{"b", "A", "a", "B", "c"};
  normalize_keywords(kw);
  EXPECT_EQ(kw, (std::vector<std::string>{"A", "b", "c"}));
}

TEST(store_flags, ApplySetAddRemove) {
  flags old{flag_seen, {"Foo", "bar"}};
  auto s = apply_flags(old, flag_op::set, {flag_flagged, {"FOO", "baz"}});
  EXPECT_EQ(s.system, flag_flagged);
  EXPECT_EQ(s.keywords, (std::vector<std::string>{"baz", "Foo"}));  // old spelling kept

  auto a = apply_flags(old, flag_op::add, {flag_deleted, {"BAR", "new"}});
  EXPECT_EQ(a.system, flag_seen | flag_deleted);
  EXPECT_EQ(a.keywords, (std::vector<std::string>{"bar", "Foo", "new"}));

  auto r = apply_flags(old, flag_op::remove, {flag_seen, {"FOO", "absent"}});
  EXPECT_EQ(r.system, 0);
  EXPECT_EQ(r.keywords, (std::vector<std::string>{"bar"}));

  // Bits beyond the five system flags never stick.
  auto m = apply_flags({}, flag_op::set, {0xff, {}});
  EXPECT_EQ(m.system, system_flags_mask);
}

TEST(store_uid_ranges, BuildNormalizeContainCount) {
  EXPECT_EQ(to_ranges({5, 1, 2, 3, 3, 9, 10}), (uid_ranges{{1, 3}, {5, 5}, {9, 10}}));
  EXPECT_EQ(to_ranges({}), uid_ranges{});
  EXPECT_EQ(normalize({{5, 9}, {1, 2}, {3, 4}, {8, 12}, {20, 19}}), (uid_ranges{{1, 12}}));
  EXPECT_EQ(normalize({{1, 4294967295u}, {7, 8}}), (uid_ranges{{1, 4294967295u}}));
  uid_ranges r{{1, 3}, {7, 7}, {10, 20}};
  EXPECT_TRUE(contains(r, 1));
  EXPECT_TRUE(contains(r, 7));
  EXPECT_TRUE(contains(r, 20));
  EXPECT_FALSE(contains(r, 0));
  EXPECT_FALSE(contains(r, 4));
  EXPECT_FALSE(contains(r, 21));
  EXPECT_EQ(count(r), 3u + 1u + 11u);
}
