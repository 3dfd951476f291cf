#include "store/mailbox_name.hpp"

#include <gtest/gtest.h>

#include <string>

using cairn::errc;
using cairn::limits;
using cairn::store::canonical_mailbox_name;
using cairn::store::parent_mailbox;

namespace {

std::string ok(std::string_view in) {
  std::string_view why;
  auto r = canonical_mailbox_name(in, &why);
  EXPECT_TRUE(r) << "'" << in << "' refused: " << why;
  return r ? *r : std::string("<refused>");
}

std::string_view bad(std::string_view in, const limits& lim = limits{}) {
  std::string_view why;
  auto r = canonical_mailbox_name(in, &why, lim);
  EXPECT_FALSE(r) << "'" << in << "' accepted as '" << (r ? *r : "") << "'";
  if (!r) {
    EXPECT_EQ(r.error(), errc::bad_mailbox_name);
    EXPECT_FALSE(why.empty());
  }
  return why;
}

}  // namespace

TEST(store_mailbox_name, PlainNamesPassUnchanged) {
  EXPECT_EQ(ok("Sent"), "Sent");
  EXPECT_EQ(ok("a/b/c"), "a/b/c");
  EXPECT_EQ(ok("with space"), "with space");
  EXPECT_EQ(ok("Entwürfe"), "Entwürfe");
  EXPECT_EQ(ok("日本語/メール"), "日本語/メール");
  EXPECT_EQ(ok("😀"), "😀");
  EXPECT_EQ(ok(".hidden"), ".hidden");
  EXPECT_EQ(ok("a/...b"), "a/...b");
  EXPECT_EQ(ok("x/.../y"), "x/.../y");
}

TEST(store_mailbox_name, InboxIsCaseInsensitiveOnlyAsFirstLevel) {
  EXPECT_EQ(ok("inbox"), "INBOX");
  EXPECT_EQ(ok("InBoX"), "INBOX");
  EXPECT_EQ(ok("INBOX"), "INBOX");
  EXPECT_EQ(ok("iNbox/Sub"), "INBOX/Sub");
  EXPECT_EQ(ok("a/inbox"), "a/inbox");     // other levels are case-sensitive
  EXPECT_EQ(ok("inboxes"), "inboxes");
  EXPECT_EQ(ok("Inbox2/x"), "Inbox2/x");
}

TEST(store_mailbox_name, NormalizesToNfc) {
  // "e" + COMBINING ACUTE ACCENT -> U+00E9.
  EXPECT_EQ(ok("Caf\x65\xcc\x81"), "Caf\xc3\xa9");
  // ANGSTROM SIGN U+212B has a canonical decomposition to U+00C5.
  EXPECT_EQ(ok("\xe2\x84\xab"), "\xc3\x85");
  // Hangul jamo compose.
  EXPECT_EQ(ok("\xe1\x84\x80\xe1\x85\xa1"), "\xea\xb0\x80");
  // Already NFC stays byte-identical.
  EXPECT_EQ(ok("Caf\xc3\xa9"), "Caf\xc3\xa9");
}

TEST(store_mailbox_name, RefusesInvalidUtf8) {
  bad("\xff");
  bad("abc\xc3");             // truncated
  bad("\xc0\xaf");            // overlong '/'
  bad("\xe0\x80\xaf");        // overlong
  bad("\xed\xa0\x80");        // surrogate U+D800
  bad("\xf4\x90\x80\x80");    // past U+10FFFF
  bad("\x80");                // lone continuation
  bad("a\xe2\x82");           // truncated at the end
}

TEST(store_mailbox_name, RefusesControlCharacters) {
  bad(std::string_view("a\0b", 3));
  bad("a\tb");
  bad("a\rb");
  bad("a\nb");
  bad("\x1f");
  bad("a\x7f");
  bad("a\xc2\x80");  // C1 U+0080
  bad("a\xc2\x9f");  // C1 U+009F
  EXPECT_EQ(ok("a\xc2\xa0"), "a\xc2\xa0");  // U+00A0 is not a control
}

TEST(store_mailbox_name, RefusesEmptyLevelsAndDots) {
  bad("");
  bad("/");
  bad("/a");
  bad("a/");
  bad("a//b");
  bad(".");
  bad("..");
  bad("a/./b");
  bad("a/../b");
  bad("../x");
  bad("x/..");
}

TEST(store_mailbox_name, EnforcesLengthAndDepth) {
  limits lim;
  lim.mailbox_name = 10;
  lim.mailbox_depth = 3;
  std::string_view why;
  EXPECT_TRUE(canonical_mailbox_name("0123456789", &why, lim));
  bad("0123456789a", lim);
  EXPECT_TRUE(canonical_mailbox_name("a/b/c", &why, lim));
  bad("a/b/c/d", lim);
  // The byte limit counts the normalized form: 5 x "e"+U+0301 (15 bytes)
  // become 5 x U+00E9 (10 bytes).
  EXPECT_TRUE(canonical_mailbox_name("e\xcc\x81"
                                     "e\xcc\x81"
                                     "e\xcc\x81"
                                     "e\xcc\x81"
                                     "e\xcc\x81",
                                     &why, lim));
  // Default limits: 1024 bytes.
  EXPECT_TRUE(canonical_mailbox_name(std::string(1024, 'x')));
  bad(std::string(1025, 'x'));
  bad(std::string(100000, 'x'));
}

TEST(store_mailbox_name, Parent) {
  EXPECT_EQ(parent_mailbox("a/b/c"), "a/b");
  EXPECT_EQ(parent_mailbox("a"), "");
}
