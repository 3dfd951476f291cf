#include "protocol/utf7.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace cairn::proto;

TEST(Utf7, Rfc3501Examples) {
  // RFC 3501 section 5.1.3: "~peter/mail/&U,BTFw-/&ZeVnLIqe-" is
  // "~peter/mail/台北/日本語".
  auto d = decode_mutf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
  auto e = encode_mutf7(*d);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
}

TEST(Utf7, Ampersand) {
  EXPECT_EQ(*decode_mutf7("Tom &- Jerry"), "Tom & Jerry");
  EXPECT_EQ(*encode_mutf7("Tom & Jerry"), "Tom &- Jerry");
  EXPECT_EQ(*encode_mutf7("&&"), "&-&-");
}

TEST(Utf7, KnownNames) {
  EXPECT_EQ(*encode_mutf7("Entw\xc3\xbc" "rfe"), "Entw&APw-rfe");       // Entwürfe
  EXPECT_EQ(*encode_mutf7("\xd0\x92\xd1\x85\xd0\xbe\xd0\xb4"), "&BBIERQQ+BDQ-");  // Вход
  EXPECT_EQ(*encode_mutf7("\xf0\x9f\x93\xa7"), "&2D3c5w-");             // 📧 (surrogate pair)
  EXPECT_EQ(*decode_mutf7("&2D3c5w-"), "\xf0\x9f\x93\xa7");
}

TEST(Utf7, RejectsBadInput) {
  for (const char* bad : {"&", "&AAA", "&Jjo!-", "\xc3\xa4", "&AGE-",  // 'a' encoded
                          "&ZeVnLIqe-&U,BTFw-",                       // two runs
                          "&2D0-",                                     // lone high surrogate
                          "&3D0-",                                     // lone low surrogate
                          "&U,BTFx-",                                  // non-zero leftover bits
                          "&-&", "&,-",
                          "a\x7f", "tab\there", "\x1b[1m"}) {           // raw DEL and controls
    EXPECT_FALSE(decode_mutf7(bad)) << bad;
  }
  // Encoded, they are fine (the mailbox name check refuses them later).
  EXPECT_EQ(*decode_mutf7("a&AH8-"), "a\x7f");
  EXPECT_EQ(*encode_mutf7("a\x7f"), "a&AH8-");
  EXPECT_FALSE(encode_mutf7("\xff"));
  EXPECT_FALSE(encode_mutf7("\xed\xa0\x80"));  // UTF-8 encoded surrogate
}

TEST(Utf7, RoundTripRandom) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, 5);
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    int len = rng() % 12;
    for (int k = 0; k < len; ++k) {
      std::uint32_t cp;
      switch (pick(rng)) {
        case 0: cp = 0x20 + rng() % 0x5f; break;
        case 1: cp = '&'; break;
        case 2: cp = 0xa0 + rng() % 0x700; break;
        case 3: cp = 0x3000 + rng() % 0x5000; break;
        case 4: cp = 0x10000 + rng() % 0x10000; break;
        default: cp = 1 + rng() % 0x1f; break;
      }
      // Encode cp as UTF-8.
      if (cp < 0x80) s += static_cast<char>(cp);
      else if (cp < 0x800) { s += static_cast<char>(0xc0 | (cp >> 6)); s += static_cast<char>(0x80 | (cp & 0x3f)); }
      else if (cp < 0x10000) { s += static_cast<char>(0xe0 | (cp >> 12)); s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f)); s += static_cast<char>(0x80 | (cp & 0x3f)); }
      else { s += static_cast<char>(0xf0 | (cp >> 18)); s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f)); s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f)); s += static_cast<char>(0x80 | (cp & 0x3f)); }
    }
    auto e = encode_mutf7(s);
    ASSERT_TRUE(e) << s;
    for (unsigned char c : *e) ASSERT_LT(c, 0x80);
    auto d = decode_mutf7(*e);
    ASSERT_TRUE(d) << *e;
    EXPECT_EQ(*d, s);
  }
}
