// Tests of base/base64 (the strict decoder SASL uses). They live with auth,
// its first user.
#include "base/base64.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace cairn;

TEST(auth_base64, Rfc4648Vectors) {
  // RFC 4648 section 10.
  const std::pair<const char*, const char*> v[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, enc] : v) {
    EXPECT_EQ(base64::encode(plain), enc);
    auto d = base64::decode(enc);
    ASSERT_TRUE(d) << enc;
    EXPECT_EQ(*d, plain);
    EXPECT_EQ(base64::encoded_size(std::string_view(plain).size()), std::string_view(enc).size());
  }
}

TEST(auth_base64, BinaryRoundTrip) {
  std::mt19937 rng(42);
  for (int n = 0; n < 300; ++n) {
    std::string s(static_cast<std::size_t>(n), '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    auto e = base64::encode(s);
    auto d = base64::decode(e);
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, s);
  }
}

TEST(auth_base64, StrictRefusals) {
  const char* bad[] = {
      "Zg",        // missing padding
      "Zg=",       // short padding
      "Zm9",       // length not a multiple of 4
      "Zg===",     // too much
      "====",
      "Z===",
      "=Zg=",      // padding first
      "Zg==Zg==",  // padding in the middle
      "Zm=v",
      "Zm9v\r\n",  // line break
      "Zm 9v",     // space
      "Zm9v ",
      " Zm9v",
      "Zm9-",      // base64url alphabet
      "Zm9_",
      "Zh==",      // non-zero pad bits: "Zg==" is the canonical form
      "Zm9=",      // "Zm8=" is canonical
      "\xc3\xa9\xc3\xa9",
  };
  for (const char* b : bad) {
    SCOPED_TRACE(b);
    auto r = base64::decode(b);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::parse_error);
  }
  EXPECT_FALSE(base64::decode(std::string_view("Zm9v\0\0\0\0", 8)));
}
