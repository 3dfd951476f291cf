#include "auth/address.hpp"

#include <gtest/gtest.h>

using namespace cairn::auth;

TEST(auth_address, Canonical) {
  EXPECT_EQ(canonical_address("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(canonical_address("::ffff:192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(canonical_address("[2001:DB8:0:0::1]"), "2001:db8::1");
  EXPECT_EQ(canonical_address("fe80::1%eth0"), "fe80::1");
  EXPECT_EQ(canonical_address("::1"), "::1");
  // Not an address: kept as an opaque key, cut to a bounded length.
  EXPECT_EQ(canonical_address("unix"), "unix");
  EXPECT_EQ(canonical_address("192.0.2.256"), "192.0.2.256");
  EXPECT_EQ(canonical_address(std::string(1000, 'x')).size(), address_key_max);
  EXPECT_EQ(canonical_address(""), "");
}

TEST(auth_address, Group) {
  EXPECT_EQ(address_group("2001:db8:1:2:3:4:5:6", 64), "2001:db8:1:2::/64");
  EXPECT_EQ(address_group("2001:db8:1:2:3:4:5:6", 48), "2001:db8:1::/48");
  EXPECT_EQ(address_group("2001:db8:1:2:3:4:5:6", 60), "2001:db8:1::/60");
  EXPECT_EQ(address_group("2001:db8:1:2:3:4:5:6", 128), "2001:db8:1:2:3:4:5:6");
  EXPECT_EQ(address_group("192.0.2.1", 64), "192.0.2.1");
  EXPECT_EQ(address_group("::ffff:192.0.2.1", 64), "192.0.2.1");
  EXPECT_EQ(address_group("test-client", 64), "test-client");
}
