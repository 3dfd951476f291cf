#include "lmtp/parser.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace cairn::lmtp;

namespace {

command cmd(std::string_view line) {
  auto p = parse_command(line);
  EXPECT_TRUE(std::holds_alternative<command>(p)) << line << " -> " << std::get<reply>(p).line();
  return std::holds_alternative<command>(p) ? std::get<command>(p) : command{};
}

reply refused(std::string_view line) {
  auto p = parse_command(line);
  EXPECT_TRUE(std::holds_alternative<reply>(p)) << line;
  return std::holds_alternative<reply>(p) ? std::get<reply>(p) : reply{};
}

// The decoded message and where the reader stopped, feeding `in` in pieces
// cut at `cuts`.
struct decoded {
  std::string message;
  std::size_t consumed = 0;
  bool done = false;
  bool too_large = false;
};

decoded decode(std::string_view in, const std::vector<std::size_t>& cuts, std::size_t max = 1 << 20) {
  data_reader r(max);
  decoded d;
  std::size_t at = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(in.size());
  for (std::size_t end : ends) {
    if (end < at || r.done()) continue;
    std::size_t used = r.feed(in.substr(at, end - at));
    d.consumed += used;
    at += used;
    if (r.done()) break;
    at = end;
  }
  d.message = r.message();
  d.done = r.done();
  d.too_large = r.too_large();
  return d;
}

}  // namespace

TEST(lmtp_parser, Verbs) {
  EXPECT_EQ(cmd("LHLO client.example").v, verb::lhlo);
  EXPECT_EQ(cmd("lhlo client.example").argument, "client.example");
  EXPECT_EQ(cmd("DATA").v, verb::data);
  EXPECT_EQ(cmd("rset").v, verb::rset);
  EXPECT_EQ(cmd("NOOP").v, verb::noop);
  EXPECT_EQ(cmd("NOOP anything goes").v, verb::noop);
  EXPECT_EQ(cmd("QUIT").v, verb::quit);
  EXPECT_EQ(cmd("VRFY alice").v, verb::vrfy);
  EXPECT_EQ(cmd("HELP").v, verb::help);
  EXPECT_EQ(cmd("HELO x").v, verb::helo);
  EXPECT_EQ(cmd("EHLO x").v, verb::ehlo);
  EXPECT_EQ(cmd("BDAT 10 LAST").v, verb::bdat);
}

TEST(lmtp_parser, Refusals) {
  EXPECT_EQ(refused("FOO").line(), "500 5.5.2 Unknown command\r\n");
  EXPECT_EQ(refused("").code, 500);
  EXPECT_EQ(refused("LHLO").code, 501);
  EXPECT_EQ(refused("LHLO   ").code, 501);
  EXPECT_EQ(refused("DATA now").line(), "501 5.5.4 No parameters allowed\r\n");
  EXPECT_EQ(refused("QUIT x").code, 501);
  EXPECT_EQ(refused(std::string("NOOP \0x", 7)).code, 500);
  EXPECT_EQ(refused("MAIL TO:<a@b>").code, 501);
  EXPECT_EQ(refused("MAIL FROM:a@b").enhanced, "5.1.7");
  EXPECT_EQ(refused("MAIL FROM:<a@b").enhanced, "5.1.7");
  EXPECT_EQ(refused("RCPT TO:<>").enhanced, "5.1.3");
  EXPECT_EQ(refused("RCPT TO:<a b@c>").enhanced, "5.1.3");
  EXPECT_EQ(refused("RCPT TO:<a@b c>").enhanced, "5.1.3");
  EXPECT_EQ(refused("RCPT TO:<\xc3\xa9@b>").enhanced, "5.1.3");  // no SMTPUTF8
  EXPECT_EQ(refused("RCPT TO:<a@b> NOTIFY=NEVER").line(), "555 5.5.4 Unsupported parameter\r\n");
  EXPECT_EQ(refused("MAIL FROM:<a@b> SMTPUTF8").code, 555);
  EXPECT_EQ(refused("MAIL FROM:<a@b> SIZE=").code, 501);
  EXPECT_EQ(refused("MAIL FROM:<a@b> SIZE=12x").code, 501);
  EXPECT_EQ(refused("MAIL FROM:<a@b> SIZE=99999999999999999999").code, 501);
  EXPECT_EQ(refused("MAIL FROM:<a@b> BODY=BINARYMIME").code, 501);
}

TEST(lmtp_parser, MailFrom) {
  auto c = cmd("MAIL FROM:<Bob@Example.org> SIZE=1234 BODY=8BITMIME");
  EXPECT_EQ(c.v, verb::mail);
  EXPECT_EQ(c.address, "Bob@Example.org");
  ASSERT_TRUE(c.size);
  EXPECT_EQ(*c.size, 1234u);
  EXPECT_EQ(c.body, body_type::eight_bit_mime);
  EXPECT_EQ(cmd("MAIL FROM:<>").address, "");
  EXPECT_EQ(cmd("mail from: <a@b>").address, "a@b");  // a space after the colon, as many clients send
  EXPECT_EQ(cmd("MAIL FROM:<a@b> body=7bit").body, body_type::seven_bit);
  EXPECT_FALSE(cmd("MAIL FROM:<a@b>").size);
}

TEST(lmtp_parser, Paths) {
  EXPECT_EQ(cmd("RCPT TO:<alice@example.org>").address, "alice@example.org");
  EXPECT_EQ(cmd("RCPT TO:<alice+work@example.org>").address, "alice+work@example.org");
  EXPECT_EQ(cmd("RCPT TO:<postmaster>").address, "postmaster");
  EXPECT_EQ(cmd("RCPT TO:<@relay.example,@b.example:alice@example.org>").address, "alice@example.org");
  EXPECT_EQ(cmd("RCPT TO:<\"john doe\"@example.org>").address, "john doe@example.org");
  EXPECT_EQ(cmd("RCPT TO:<\"a\\\"b>\"@example.org>").address, "a\"b>@example.org");
  EXPECT_EQ(cmd("RCPT TO:<a@[192.0.2.1]>").address, "a@[192.0.2.1]");
  EXPECT_FALSE(parse_path("<a@>", false));
  EXPECT_FALSE(parse_path("<@a:>", false));
  EXPECT_FALSE(parse_path("a@b", false));
  EXPECT_FALSE(parse_path("<\"unterminated@b>", false));
  EXPECT_TRUE(parse_path("<>", true));
  EXPECT_FALSE(parse_path("<>", false));
}

TEST(lmtp_parser, ReplyLines) {
  EXPECT_EQ((reply{250, "2.1.0", "Ok"}).line(), "250 2.1.0 Ok\r\n");
  EXPECT_EQ((reply{220, "", "host ready"}).line(), "220 host ready\r\n");
  EXPECT_TRUE((reply{250, "", ""}).positive());
  EXPECT_FALSE((reply{452, "", ""}).positive());
}

TEST(lmtp_data, DotStuffingAndEnd) {
  auto d = decode("Subject: x\r\n\r\n..leading dot\r\n.\r\nNEXT", {});
  EXPECT_TRUE(d.done);
  EXPECT_EQ(d.message, "Subject: x\r\n\r\n.leading dot\r\n");
  EXPECT_EQ(d.consumed, std::string("Subject: x\r\n\r\n..leading dot\r\n.\r\n").size());
}

TEST(lmtp_data, BareLfBecomesCrlfAndLfEndLine) {
  auto d = decode("a\nb\r\n.\n", {});
  EXPECT_TRUE(d.done);
  EXPECT_EQ(d.message, "a\r\nb\r\n");
}

TEST(lmtp_data, BareCrAndNulKept) {
  std::string in("a\rb\0c\r\n.x\r\r\n.\r\n", 15);
  auto d = decode(in, {});
  EXPECT_TRUE(d.done);
  EXPECT_EQ(d.message, std::string("a\rb\0c\r\nx\r\r\n", 11));
}

TEST(lmtp_data, EmptyMessage) {
  auto d = decode(".\r\n", {});
  EXPECT_TRUE(d.done);
  EXPECT_EQ(d.message, "");
}

TEST(lmtp_data, NotDoneWithoutEndLine) {
  auto d = decode("a\r\n.\rx\r\n..\r\n", {});
  EXPECT_FALSE(d.done);
  EXPECT_EQ(d.message, "a\r\n\rx\r\n.\r\n");
}

TEST(lmtp_data, TooLargeReadsOnToTheEnd) {
  std::string in = std::string(100, 'x') + "\r\n" + std::string(5000, 'y') + "\r\n.\r\nQUIT\r\n";
  auto d = decode(in, {}, 1000);
  EXPECT_TRUE(d.done);
  EXPECT_TRUE(d.too_large);
  EXPECT_EQ(d.message.size(), 1000u);
  EXPECT_EQ(d.consumed, in.size() - 6);
}

TEST(lmtp_data, VeryLongLine) {
  std::string line(3 << 20, 'z');
  auto d = decode(line + "\r\n.\r\n", {1, 4096, 1 << 20}, 8 << 20);
  EXPECT_TRUE(d.done);
  EXPECT_FALSE(d.too_large);
  EXPECT_TRUE(d.message == line + "\r\n") << "size " << d.message.size();
}

// Every input split at every offset (and in random pieces) decodes alike.
TEST(lmtp_data, SplitEverywhere) {
  const std::vector<std::string> inputs = {
      "Subject: a\r\n\r\n..x\r\n.\r\n",     "a\nb\n.\n",          "\r\r\n.\r.\r\n..\r\n.\r\n",
      std::string("x\0\r\n.\r\n", 6),      ".\r\n",              "..\r\n.\n",
      "line\rmid\r\n.\r\nafter",           "\n.\n",
  };
  for (const auto& in : inputs) {
    auto whole = decode(in, {});
    for (std::size_t cut = 0; cut <= in.size(); ++cut) {
      auto d = decode(in, {cut});
      EXPECT_EQ(d.message, whole.message) << "cut " << cut << " of " << ::testing::PrintToString(in);
      EXPECT_EQ(d.consumed, whole.consumed) << "cut " << cut;
      EXPECT_EQ(d.done, whole.done);
    }
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < in.size(); ++i) every.push_back(i);
    auto bytewise = decode(in, every);
    EXPECT_EQ(bytewise.message, whole.message) << ::testing::PrintToString(in);
  }
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, 4);
  const char alphabet[] = {'a', '.', '\r', '\n', '\0'};
  for (int round = 0; round < 2000; ++round) {
    std::string in;
    for (int i = 0; i < 24; ++i) in += alphabet[pick(rng)];
    in += "\r\n.\r\n";
    auto whole = decode(in, {});
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < in.size(); i += 1 + static_cast<std::size_t>(pick(rng))) cuts.push_back(i);
    auto d = decode(in, cuts);
    ASSERT_EQ(d.message, whole.message) << ::testing::PrintToString(in);
    ASSERT_TRUE(whole.done);
    // No bare LF survives.
    for (std::size_t i = 0; i < whole.message.size(); ++i) {
      if (whole.message[i] == '\n') {
        ASSERT_TRUE(i > 0 && whole.message[i - 1] == '\r');
      }
    }
  }
}
