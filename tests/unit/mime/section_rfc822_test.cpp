// HEADER, HEADER.FIELDS[.NOT] and TEXT after a part number name the
// embedded message of a message/rfc822 part and nothing else (RFC 9051
// section 6.4.5). Dovecot 2.3 answers an empty string for such a section of
// any other part; so does Cairn (locate() reports it as not existing).
#include <gtest/gtest.h>

#include "mime/header.hpp"
#include "mime/message.hpp"
#include "mime/structure.hpp"

namespace cairn::mime {
namespace {

std::string answer(const std::string& raw, std::string_view spec_text) {
  auto st = structure::decode(encode_structure(parse(raw)));
  EXPECT_TRUE(st.ok());
  auto spec = parse_section(spec_text);
  EXPECT_TRUE(spec.ok()) << spec_text;
  section_location loc = locate(*st, *spec);
  if (!loc.exists) return "<none>";
  std::string_view r(raw.data() + loc.begin, loc.end - loc.begin);
  return loc.filter ? filter_header(r, spec->fields, spec->kind == section_kind::header_fields_not)
                    : std::string(r);
}

const std::string mixed =
    "Subject: top\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n"
    "--X\r\nContent-Type: text/plain\r\n\r\none\r\n--X\r\n"
    "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=Y\r\n\r\n"
    "--Y\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--Y--\r\n"
    "\r\n--X--\r\n";

TEST(mime_section_rfc822, header_and_text_of_a_part_that_is_not_a_message_are_empty) {
  EXPECT_EQ(answer(mixed, "1.HEADER"), "<none>");
  EXPECT_EQ(answer(mixed, "1.TEXT"), "<none>");
  EXPECT_EQ(answer(mixed, "1.HEADER.FIELDS (Content-Type)"), "<none>");
  EXPECT_EQ(answer(mixed, "1.HEADER.FIELDS.NOT (Subject)"), "<none>");
  EXPECT_EQ(answer(mixed, "2.1.HEADER"), "<none>");
  EXPECT_EQ(answer(mixed, "2.1.TEXT"), "<none>");
  // MIME and the part itself are still there.
  EXPECT_EQ(answer(mixed, "1.MIME"), "Content-Type: text/plain\r\n\r\n");
  EXPECT_EQ(answer(mixed, "1"), "one");
  EXPECT_EQ(answer(mixed, "2.1.MIME"), "Content-Type: text/plain\r\n\r\n");
}

TEST(mime_section_rfc822, header_and_text_of_a_message_part_are_the_embedded_message) {
  EXPECT_EQ(answer(mixed, "2.HEADER"), "Subject: inner\r\nContent-Type: multipart/alternative; boundary=Y\r\n\r\n");
  EXPECT_EQ(answer(mixed, "2.HEADER.FIELDS (subject)"), "Subject: inner\r\n\r\n");
  EXPECT_EQ(answer(mixed, "2.TEXT"), "--Y\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--Y--\r\n");
  // Without a part number they are the message's own.
  EXPECT_EQ(answer(mixed, "HEADER.FIELDS (SUBJECT)"), "Subject: top\r\n\r\n");
}

TEST(mime_section_rfc822, single_part_message) {
  const std::string single = "Subject: s\r\n\r\nbody\r\n";
  EXPECT_EQ(answer(single, "1.HEADER"), "<none>");
  EXPECT_EQ(answer(single, "1.TEXT"), "<none>");
  EXPECT_EQ(answer(single, "HEADER"), "Subject: s\r\n\r\n");
  EXPECT_EQ(answer(single, "TEXT"), "body\r\n");
  // A message whose own body is message/rfc822: 1 is the embedded message.
  const std::string fwd =
      "Subject: fwd\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nhi\r\n";
  EXPECT_EQ(answer(fwd, "1.HEADER"), "Subject: in\r\n\r\n");
  EXPECT_EQ(answer(fwd, "1.TEXT"), "hi\r\n");
}

}  // namespace
}  // namespace cairn::mime
