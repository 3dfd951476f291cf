#include "auth/sasl.hpp"

#include <gtest/gtest.h>

#include <string>

#include "base/base64.hpp"

using namespace cairn;
using namespace cairn::auth;
using namespace std::string_literals;

TEST(auth_sasl_plain, Rfc4616Examples) {
  // RFC 4616 section 4: "\0tim\0tanstaaftanstaaf" and with authzid "Ursel".
  auto r = decode_plain("AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->authzid, "");
  EXPECT_EQ(r->authcid, "tim");
  EXPECT_EQ(r->password, "tanstaaftanstaaf");
  // "Ursel\0Kurt\0xipj3plmq": proxy authorisation, which we refuse.
  auto proxy = decode_plain("VXJzZWwAS3VydAB4aXBqM3BsbXE=");
  ASSERT_FALSE(proxy);
  EXPECT_EQ(proxy.error(), errc::no_perm);
}

TEST(auth_sasl_plain, AuthzidSameAsAuthcidIsFine) {
  auto r = parse_plain("alice@example.org\0Alice@Example.org\0pw"s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->authzid, "alice@example.org");
  EXPECT_EQ(r->authcid, "Alice@Example.org");
  EXPECT_EQ(r->password, "pw");
  EXPECT_EQ(parse_plain("bob\0alice\0pw"s).error(), errc::no_perm);
}

TEST(auth_sasl_plain, PasswordMayHoldAnyBytesButNul) {
  auto r = parse_plain("\0alice\0p\xe4ss w\xf6rd \x01\xff"s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->password, "p\xe4ss w\xf6rd \x01\xff");
  auto u = parse_plain("\0\xc3\xa9lodie\0\xe2\x82\xac"s);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->authcid, "\xc3\xa9lodie");
}

TEST(auth_sasl_plain, StructureRefusals) {
  const std::string bad[] = {
      ""s,
      "alice"s,
      "\0alice"s,             // one NUL
      "\0alice\0"s,           // empty password
      "\0\0pw"s,              // empty authcid
      "\0\0"s,
      "\0alice\0pw\0"s,       // extra NUL
      "\0alice\0p\0w"s,
      "\0\0\0"s,
      "\0al\xff" "ce\0pw"s,   // authcid not UTF-8
      "\0al\xc0\xaf" "ce\0pw"s,  // overlong
      "\xed\xa0\x80\0alice\0pw"s,  // surrogate in authzid
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(base64::encode(b));
    auto r = parse_plain(b);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::parse_error);
    EXPECT_EQ(decode_plain(base64::encode(b)).error(), errc::parse_error);
  }
}

TEST(auth_sasl_plain, FieldLengths) {
  std::string at_max(plain_field_max, 'a');
  std::string over(plain_field_max + 1, 'a');
  // RFC 4616 requires at least 255 octets; we go well past that.
  static_assert(plain_field_max >= 255);
  EXPECT_TRUE(parse_plain("\0"s + at_max + "\0"s + at_max));
  EXPECT_TRUE(parse_plain(at_max + "\0"s + at_max + "\0"s + at_max));
  EXPECT_EQ(parse_plain("\0"s + over + "\0pw"s).error(), errc::too_large);
  EXPECT_EQ(parse_plain("\0alice\0"s + over).error(), errc::too_large);
  EXPECT_EQ(parse_plain(over + "\0alice\0pw"s).error(), errc::too_large);
}

TEST(auth_sasl_plain, BadBase64) {
  EXPECT_EQ(decode_plain("").error(), errc::parse_error);   // empty message
  EXPECT_EQ(decode_plain("=").error(), errc::parse_error);  // the session's job
  EXPECT_EQ(decode_plain("*").error(), errc::parse_error);
  EXPECT_EQ(decode_plain("AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n").error(), errc::parse_error);
  EXPECT_EQ(decode_plain("AHRpbQB0YW5zdGFhZnRhbnN0YWF").error(), errc::parse_error);
  EXPECT_EQ(decode_plain("AHRpbQB0YW5zd GFhZnRhbnN0YWFm").error(), errc::parse_error);
}

TEST(auth_utf8, Validation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("ascii"));
  EXPECT_TRUE(is_valid_utf8("\xc2\x80\xdf\xbf"));
  EXPECT_TRUE(is_valid_utf8("\xe0\xa0\x80\xef\xbf\xbf"));
  EXPECT_TRUE(is_valid_utf8("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"));
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc1\xbf"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xe0\x9f\xbf"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xe2\x28\xa1"));
}
