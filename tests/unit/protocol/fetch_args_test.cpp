// FETCH arguments (RFC 9051 section 6.4.5 and the grammar of section 9,
// RFC 3516 for BINARY): what read_fetch accepts, what it refuses, and the
// names the response uses for each item.
#include <gtest/gtest.h>

#include "protocol/command.hpp"

using namespace cairn::proto;

namespace {

std::optional<fetch_args> fetch(std::string_view text, std::string* why = nullptr) {
  parser p(text);
  auto a = read_fetch(p);
  if (why) *why = p.error();
  return a;
}

}  // namespace

TEST(FetchArgs, PartialIsNumber64) {
  // partial = "<" number64 "." nz-number64 ">" (RFC 9051): "the rest of the
  // message" is often asked with a length of 2^32 or more.
  std::string why;
  auto a = fetch("1 BODY.PEEK[]<0.4294967296>", &why);
  ASSERT_TRUE(a) << why;
  EXPECT_EQ(a->atts[0].partial->first, 0u);
  EXPECT_EQ(a->atts[0].partial->second, 4294967296ull);
  a = fetch("1 BODY[TEXT]<4294967296.5>", &why);
  ASSERT_TRUE(a) << why;
  EXPECT_EQ(a->atts[0].partial->first, 4294967296ull);
  EXPECT_EQ(a->atts[0].response_name(), "BODY[TEXT]<4294967296>");
  a = fetch("1 BINARY.PEEK[1]<9223372036854775807.9223372036854775807>", &why);
  ASSERT_TRUE(a) << why;
  EXPECT_EQ(a->atts[0].response_name(), "BINARY[1]<9223372036854775807>");
  // 2^63 is beyond number64.
  EXPECT_FALSE(fetch("1 BODY[]<9223372036854775808.1>"));
  EXPECT_FALSE(fetch("1 BODY[]<0.0>"));
  EXPECT_FALSE(fetch("1 BODY[]<5>"));
  EXPECT_FALSE(fetch("1 BODY[]<.5>"));
  EXPECT_FALSE(fetch("1 BODY[]<1.5"));
  EXPECT_FALSE(fetch("1 BODY[]<-1.5>"));
  // BINARY.SIZE takes no partial (RFC 3516 section 7).
  EXPECT_FALSE(fetch("1 BINARY.SIZE[1]<0.5>"));
  // BODY without a section takes none either.
  EXPECT_FALSE(fetch("1 BODY<0.5>"));
}

TEST(FetchArgs, HeaderFieldNamesComeBackUpperCase) {
  // Dovecot 2.3 answers BODY[HEADER.FIELDS (FROM SUBJECT)] whatever case
  // the client used; the RFC's examples are upper-case both ways.
  auto a = fetch("1 (BODY.PEEK[HEADER.FIELDS (from Subject x-Mailer)] BODY[1.HEADER.FIELDS.NOT (\"Received\" {4}\r\ndate)])");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->atts[0].response_name(), "BODY[HEADER.FIELDS (FROM SUBJECT X-MAILER)]");
  EXPECT_EQ(a->atts[1].response_name(), "BODY[1.HEADER.FIELDS.NOT (RECEIVED DATE)]");
}

TEST(FetchArgs, HeaderFieldNamesAreAnyAstring) {
  // header-fld-name = astring: a name no header can have matches nothing,
  // but is not a syntax error (Dovecot 2.3 answers it too).
  auto a = fetch("1 BODY[HEADER.FIELDS (\"a b\" \"\" Subject: {3}\r\nx-y)]");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->atts[0].response_name(), "BODY[HEADER.FIELDS (\"A B\" \"\" SUBJECT: X-Y)]");
  // A NUL cannot be echoed in a quoted string.
  EXPECT_FALSE(fetch(std::string_view("1 BODY[HEADER.FIELDS ({1}\r\n\0)]", 26)));
}

TEST(FetchArgs, Macros) {
  auto names = [](std::string_view t) {
    std::string out;
    auto a = fetch(t);
    if (!a) return std::string("BAD");
    for (const auto& x : a->atts) out += x.response_name() + " ";
    return out;
  };
  EXPECT_EQ(names("1 ALL"), "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE ");
  EXPECT_EQ(names("1 fast"), "FLAGS INTERNALDATE RFC822.SIZE ");
  EXPECT_EQ(names("1 Full"), "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY ");
  // A macro is not an attribute: it cannot be inside a list.
  EXPECT_EQ(names("1 (ALL)"), "BAD");
  EXPECT_EQ(names("1 (FLAGS ALL)"), "BAD");
  EXPECT_EQ(names("1 ALL FLAGS"), "BAD");
}

TEST(FetchArgs, Sections) {
  auto name = [](std::string_view t) {
    auto a = fetch(t);
    return a ? a->atts[0].response_name() : std::string("BAD");
  };
  EXPECT_EQ(name("1 body[]"), "BODY[]");
  EXPECT_EQ(name("1 BODY.PEEK[1.2.3]"), "BODY[1.2.3]");
  EXPECT_EQ(name("1 BODY[2.text]"), "BODY[2.TEXT]");
  EXPECT_EQ(name("1 BODY[2.3.header]"), "BODY[2.3.HEADER]");
  EXPECT_EQ(name("1 BODY[4.mime]"), "BODY[4.MIME]");
  EXPECT_EQ(name("1 BINARY[]"), "BINARY[]");
  EXPECT_EQ(name("1 BINARY.PEEK[1.2]<0.1>"), "BINARY[1.2]<0>");
  EXPECT_EQ(name("1 RFC822.HEADER"), "RFC822.HEADER");
  for (const char* bad : {"1 BODY[MIME]", "1 BODY[0]", "1 BODY[1.0]", "1 BODY[1.]", "1 BODY[.1]", "1 BODY[1..2]",
                          "1 BINARY[HEADER]", "1 BINARY[1.MIME]", "1 BINARY[1.TEXT]", "1 BINARY.SIZE[TEXT]",
                          "1 BODY[HEADER.FIELDS]", "1 BODY[HEADER.FIELDS ()]", "1 BODY[HEADER.FIELDS (a b]",
                          "1 BODY[HEADER.FIELDS (\"a\r\")]", "1 BODY[HEADER.FIELDS ({3}\r\na\nb)]", "1 BODY[TEXT.MIME]",
                          "1 BODY[HEADER", "1 BODY[", "1 BODY[]]", "1 BODY[1 ]", "1 BODY [1]", "1 BINARY",
                          "1 BINARY.SIZE", "1 BODY.PEEK", "1 RFC822.PEEK", "1 BODY[X]"}) {
    EXPECT_EQ(name(bad), "BAD") << bad;
  }
}

TEST(FetchArgs, Lists) {
  EXPECT_FALSE(fetch("1 ()"));
  EXPECT_FALSE(fetch("1 (UID  FLAGS)"));
  EXPECT_FALSE(fetch("1 ( UID)"));
  EXPECT_FALSE(fetch("1 (UID)x"));
  EXPECT_FALSE(fetch("1 UID "));
  EXPECT_FALSE(fetch("1"));
  EXPECT_FALSE(fetch("1 "));
  EXPECT_FALSE(fetch(" 1 UID"));
  EXPECT_FALSE(fetch("0 UID"));
  EXPECT_FALSE(fetch("1:0 UID"));
  EXPECT_TRUE(fetch("1:* UID"));
  EXPECT_TRUE(fetch("*:4,7 (UID)"));
  EXPECT_TRUE(fetch("$ UID"));  // the saved result (RFC 5182): the session decides
  auto a = fetch("1 (UID UID)");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->atts.size(), 2u);
}
