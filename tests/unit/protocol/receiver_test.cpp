#include "protocol/receiver.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace cairn::proto;

namespace {

// Feeds `input` in the given pieces and records every event as text:
// "C:<command>", "+", "E:<tag>|<fatal>|<code>|<text>".
std::vector<std::string> run(receiver& r, const std::vector<std::string_view>& pieces) {
  std::vector<std::string> ev;
  for (std::string_view in : pieces) {
    while (true) {
      auto e = r.feed(in);
      if (e == receiver_event::need_more) break;
      if (e == receiver_event::command) ev.push_back("C:" + r.take_command());
      else if (e == receiver_event::continuation) ev.push_back("+");
      else {
        const auto& x = r.error();
        ev.push_back("E:" + x.tag + "|" + (x.fatal ? "fatal" : "") + "|" + x.code + "|" + x.text);
      }
    }
  }
  return ev;
}

std::vector<std::string> whole(std::string_view in, receiver_limits l = {}) {
  receiver r(l);
  return run(r, {in});
}

// The same events whatever the split: at every offset in two pieces, and one
// byte at a time (Dovecot's test_imap_parser_crlf; Beast's parsegrind).
void expect_split_invariant(std::string_view in, const std::vector<std::string>& expected,
                            receiver_limits l = {}) {
  for (std::size_t i = 0; i <= in.size(); ++i) {
    receiver r(l);
    EXPECT_EQ(run(r, {in.substr(0, i), in.substr(i)}), expected) << "split at " << i;
  }
  receiver r(l);
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < in.size(); ++i) bytes.push_back(in.substr(i, 1));
  EXPECT_EQ(run(r, bytes), expected) << "byte by byte";
}

}  // namespace

TEST(Receiver, SimpleAndPipelined) {
  std::string in = "a1 NOOP\r\na2 CAPABILITY\r\n\r\na3 LOGOUT\n";
  std::vector<std::string> want = {"C:a1 NOOP", "C:a2 CAPABILITY", "C:a3 LOGOUT"};
  EXPECT_EQ(whole(in), want);
  expect_split_invariant(in, want);
}

TEST(Receiver, SynchronizingLiteral) {
  std::string in = "a LOGIN {5}\r\nalice {6}\r\nsec\r\nt\r\nb NOOP\r\n";
  std::vector<std::string> want = {"+", "+", "C:a LOGIN {5}\r\nalice {6}\r\nsec\r\nt", "C:b NOOP"};
  EXPECT_EQ(whole(in), want);
  expect_split_invariant(in, want);
}

TEST(Receiver, NonSynchronizingLiteralAndBareLf) {
  std::string in = "a LOGIN {5+}\nalice {3+}\r\n{3}\r\n";
  // The literal data "{3}" looks like a marker but is data.
  std::vector<std::string> want = {"C:a LOGIN {5+}\r\nalice {3+}\r\n{3}"};
  EXPECT_EQ(whole(in), want);
  expect_split_invariant(in, want);
}

TEST(Receiver, ZeroLengthLiteral) {
  std::string in = "a LOGIN {0}\r\n {0+}\r\n\r\n";
  std::vector<std::string> want = {"+", "C:a LOGIN {0}\r\n {0+}\r\n"};
  EXPECT_EQ(whole(in), want);
  expect_split_invariant(in, want);
}

TEST(Receiver, OverlongLineIsSkippedAndAnswered) {
  receiver_limits l;
  l.max_command = 32;
  std::string in = "t1 LOGIN " + std::string(100, 'x') + "\r\nt2 NOOP\r\n";
  std::vector<std::string> want = {"E:t1|||Command line too long", "C:t2 NOOP"};
  EXPECT_EQ(whole(in, l), want);
  expect_split_invariant(in, want, l);
}

TEST(Receiver, OverlongLineEndingInNonSyncLiteralSkipsIt) {
  receiver_limits l;
  l.max_command = 32;
  std::string in = "t1 X " + std::string(60, 'y') + " {4+}\r\nabcd\r\nt2 NOOP\r\n";
  std::vector<std::string> want = {"E:t1|||Command line too long", "C:t2 NOOP"};
  expect_split_invariant(in, want, l);
}

TEST(Receiver, LineTooLongByItsLastBytesStillSkipsItsLiteral) {
  // The line passes the limit only with its CRLF: when that arrives in a
  // read of its own, the "{4+}" before it must still be seen (fuzz_receiver
  // found the literal's data read as a command).
  receiver_limits l;
  l.max_command = 32;
  // k = 23: the line with its CRLF is 35 bytes, one more than allowed.
  for (std::size_t k = 23; k < 27; ++k) {
    std::string in = "t1 X " + std::string(k, 'y') + " {4+}\r\nabcd\r\nt2 NOOP\r\n";
    expect_split_invariant(in, {"E:t1|||Command line too long", "C:t2 NOOP"}, l);
  }
}

TEST(Receiver, OverlongLineWithAnOverlongTag) {
  // Whatever the split, a tag of 64 bytes or more on a line that is too
  // long is answered untagged (fuzz_receiver found the tag depended on it).
  receiver_limits l;
  l.max_command = 80;
  std::string in = std::string(70, 't') + " NOOP " + std::string(100, 'x') + "\r\nb NOOP\r\n";
  expect_split_invariant(in, {"E:*|||Command line too long", "C:b NOOP"}, l);
  std::string in2 = std::string(63, 't') + " NOOP " + std::string(100, 'x') + "\r\nb NOOP\r\n";
  expect_split_invariant(in2, {"E:" + std::string(63, 't') + "|||Command line too long", "C:b NOOP"}, l);
}

TEST(Receiver, SyncLiteralTooLargeIsRefusedBeforeContinuation) {
  receiver_limits l;
  l.max_command = 64;
  std::string in = "t1 LOGIN {1000}\r\nt2 NOOP\r\n";
  std::vector<std::string> want = {"E:t1|||Literal too large for this command", "C:t2 NOOP"};
  expect_split_invariant(in, want, l);
}

TEST(Receiver, NonSyncLiteralTooLargeIsSkippedInStep) {
  receiver_limits l;
  l.max_command = 64;
  std::string data(1000, 'z');
  std::string in = "t1 LOGIN {1000+}\r\n" + data + " {2+}\r\nzz\r\nt2 NOOP\r\n";
  std::vector<std::string> want = {"E:t1|||Literal too large for this command", "C:t2 NOOP"};
  EXPECT_EQ(whole(in, l), want);
  receiver r(l);
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < in.size(); ++i) bytes.push_back(std::string_view(in).substr(i, 1));
  EXPECT_EQ(run(r, bytes), want);
}

TEST(Receiver, AppendLiteralsMayBeLargeUpToMessageSize) {
  receiver_limits l;
  l.max_command = 64;
  l.max_message = 4096;
  std::string msg(3000, 'm');
  std::string in = "a APPEND INBOX {3000}\r\n" + msg + "\r\n";
  EXPECT_EQ(whole(in, l), (std::vector<std::string>{"+", "C:a APPEND INBOX {3000}\r\n" + msg}));

  std::string big = "b append INBOX (\\Seen) {5000}\r\nc NOOP\r\n";
  EXPECT_EQ(whole(big, l), (std::vector<std::string>{"E:b||TOOBIG|Message too large", "C:c NOOP"}));

  // Announced far beyond the message limit without waiting: not worth reading.
  std::string huge = "d APPEND INBOX {4294967296+}\r\nxxxx";
  auto ev = whole(huge, l);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0], "E:d|fatal|TOOBIG|Message too large, closing");
}

TEST(Receiver, MultiappendLiteralsShareTheMessageLimit) {
  // The receiver holds the whole command: the messages of one MULTIAPPEND
  // together stay within max_message, or one command could hold any
  // number of max_message literals.
  receiver_limits l;
  l.max_command = 64;
  l.max_message = 4096;
  std::string m1(3000, 'a'), m2(1096, 'b');
  std::string ok = "a APPEND INBOX {3000}\r\n" + m1 + " {1096}\r\n" + m2 + "\r\n";
  EXPECT_EQ(whole(ok, l), (std::vector<std::string>{"+", "+", "C:a APPEND INBOX {3000}\r\n" + m1 + " {1096}\r\n" + m2}));
  // One byte more: the second literal is refused before "+" ...
  std::string sync = "b APPEND INBOX {3000}\r\n" + m1 + " {1097}\r\nc NOOP\r\n";
  std::vector<std::string> want = {"+", "E:b||TOOBIG|Message too large", "C:c NOOP"};
  EXPECT_EQ(whole(sync, l), want);
  expect_split_invariant(sync, want, l);
  // ... or, non-synchronizing, skipped in step.
  std::string m3(1097, 'c');
  std::string ns = "d APPEND INBOX {3000+}\r\n" + m1 + " {1097+}\r\n" + m3 + "\r\ne NOOP\r\n";
  EXPECT_EQ(whole(ns, l), (std::vector<std::string>{"E:d||TOOBIG|Message too large", "C:e NOOP"}));
}

TEST(Receiver, AppendLiteralsAreOrdinaryBeforeLogin) {
  // append_literals off (before login): APPEND's literals count against
  // max_command like any other command's.
  receiver_limits l;
  l.max_command = 64;
  l.max_message = 4096;
  l.append_literals = false;
  std::string in = "a APPEND INBOX {3000}\r\nb NOOP\r\n";
  std::vector<std::string> want = {"E:a|||Literal too large for this command", "C:b NOOP"};
  EXPECT_EQ(whole(in, l), want);
  expect_split_invariant(in, want, l);
  std::string small = "c APPEND INBOX {10+}\r\n0123456789\r\n";
  EXPECT_EQ(whole(small, l), (std::vector<std::string>{"C:c APPEND INBOX {10+}\r\n0123456789"}));
  // A non-synchronizing one within max_command is skipped, not stored.
  receiver r(l);
  std::string big = "d APPEND INBOX {60+}\r\n" + std::string(60, 'x') + "\r\ne NOOP\r\n";
  EXPECT_EQ(run(r, {big.substr(0, 40), big.substr(40)}),
            (std::vector<std::string>{"E:d|||Literal too large for this command", "C:e NOOP"}));
  EXPECT_LE(r.buffered(), 128u);
  // A larger one is not worth reading before login: BYE (issue 11).
  std::string huge = "f APPEND INBOX {4000+}\r\n" + std::string(4000, 'x') + "\r\ng NOOP\r\n";
  auto ev = whole(huge, l);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0], "E:f|fatal||Literal too large for this command, closing");
}

TEST(Receiver, EndlessLineBeforeLoginEndsSooner) {
  // Before login an endless line is skipped for max_command more bytes,
  // not max_message (issue 11: 64 MB of an attacker's bytes per connection).
  receiver_limits l;
  l.max_command = 16;
  l.max_message = 1 << 20;
  l.append_literals = false;
  receiver r(l);
  std::string chunk(8, 'q');
  std::size_t fed = 0;
  bool fatal = false;
  for (int i = 0; i < 1000 && !fatal; ++i) {
    std::string_view in = chunk;
    while (!in.empty() && !fatal) {
      std::size_t before = in.size();
      auto e = r.feed(in);
      fed += before - in.size();
      if (e == receiver_event::error) fatal = r.error().fatal;
    }
  }
  EXPECT_TRUE(fatal);
  EXPECT_LE(fed, 3 * l.max_command + 8);
}

TEST(Receiver, HugeDigitsSaturate) {
  std::string in = "a LOGIN {99999999999999999999999999}\r\nb NOOP\r\n";
  std::vector<std::string> want = {"E:a|||Literal too large for this command", "C:b NOOP"};
  EXPECT_EQ(whole(in), want);
}

TEST(Receiver, Literal8OnlyWhenAllowed) {
  std::string in = "a APPEND INBOX ~{3}\r\nb NOOP\r\n";
  EXPECT_EQ(whole(in), (std::vector<std::string>{"E:a|||literal8 (~{n}) is not allowed here", "C:b NOOP"}));
  receiver_limits l;
  l.literal8 = true;
  std::string ok = "a APPEND INBOX ~{3}\r\n\0\1\2\r\n";
  ok = std::string("a APPEND INBOX ~{3}\r\n") + std::string("\0\1\2", 3) + "\r\n";
  EXPECT_EQ(whole(ok, l), (std::vector<std::string>{"+", "C:a APPEND INBOX ~{3}\r\n" + std::string("\0\1\2", 3)}));
  // Only APPEND takes literal8, even when it is allowed.
  std::string other = "e CREATE ~{3}\r\nf NOOP\r\n";
  EXPECT_EQ(whole(other, l), (std::vector<std::string>{"E:e|||literal8 (~{n}) is not allowed here", "C:f NOOP"}));
  // Non-synchronizing literal8 refused: skipped in step.
  std::string ns = "c APPEND INBOX ~{3+}\r\nxyz\r\nd NOOP\r\n";
  EXPECT_EQ(whole(ns), (std::vector<std::string>{"E:c|||literal8 (~{n}) is not allowed here", "C:d NOOP"}));
}

TEST(Receiver, LineGrowingForeverIsFatal) {
  receiver_limits l;
  l.max_command = 16;
  l.max_message = 1024;
  receiver r(l);
  std::string chunk(100, 'q');
  bool fatal = false;
  for (int i = 0; i < 100 && !fatal; ++i) {
    std::string_view in = chunk;
    while (!in.empty()) {
      auto e = r.feed(in);
      if (e == receiver_event::error) {
        EXPECT_TRUE(r.error().fatal);
        fatal = true;
        break;
      }
      ASSERT_EQ(e, receiver_event::need_more);
    }
    EXPECT_LE(r.buffered(), 64u);  // nothing of the skipped line is kept
  }
  EXPECT_TRUE(fatal);
}

TEST(Receiver, TagOf) {
  EXPECT_EQ(tag_of("a001 NOOP"), "a001");
  EXPECT_EQ(tag_of("a001"), "a001");
  EXPECT_EQ(tag_of("+ NOOP"), "*");
  EXPECT_EQ(tag_of("(x NOOP"), "*");
  EXPECT_EQ(tag_of(""), "*");
  EXPECT_EQ(tag_of("a\x01 NOOP"), "*");
}
