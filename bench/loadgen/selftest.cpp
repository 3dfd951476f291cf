// cairn-bench-selftest: checks of the load generator's own parts that the
// figures depend on (bench/run.sh runs it before every benchmark; it is not
// part of the fast tier, as the bench targets are not built by default).
//  - histogram percentiles stay within the promised 1.6 %;
//  - tagged replies, response codes and "not supported" answers are read as
//    Cairn and Dovecot write them;
//  - generated mail is deterministic, CRLF-only, within its size bounds.
// No timing is asserted anywhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "client.hpp"
#include "mailgen.hpp"
#include "stats.hpp"

namespace bench {
namespace {

TEST(histogram, percentiles_within_bucket_precision) {
  histogram h;
  for (std::uint64_t v = 1; v <= 100000; ++v) h.record(v);
  EXPECT_EQ(h.count(), 100000u);
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const double exact = q * 100000;
    const double got = static_cast<double>(h.quantile(q));
    EXPECT_LE(std::abs(got - exact) / exact, 0.016) << "q=" << q << " got " << got;
  }
  EXPECT_EQ(h.quantile(1.0), 100000u);
  EXPECT_EQ(h.max(), 100000u);
}

TEST(histogram, small_values_are_exact_and_merge_adds) {
  histogram a, b;
  a.record(0);
  a.record(3);
  b.record(63);
  b.record(64);
  a.merge(b);
  EXPECT_EQ(a.count(), 4u);
  EXPECT_EQ(a.quantile(0.25), 0u);
  EXPECT_EQ(a.quantile(0.5), 3u);
  EXPECT_EQ(a.quantile(0.75), 63u);
  EXPECT_EQ(a.quantile(1.0), 64u);
  histogram empty;
  EXPECT_EQ(empty.quantile(0.99), 0u);
}

TEST(histogram, huge_values_land_in_the_last_bucket) {
  histogram h;
  h.record(~std::uint64_t{0} >> 1);
  EXPECT_EQ(h.count(), 1u);
  EXPECT_EQ(h.quantile(0.5), h.max());
}

TEST(response, tagged_status_and_codes) {
  std::string tag;
  response r;
  ASSERT_TRUE(parse_tagged("a17 OK [APPENDUID 1700000000 4242] Append completed.", tag, r));
  EXPECT_EQ(tag, "a17");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.code_arg("APPENDUID").value_or("?"), "1700000000 4242");
  EXPECT_FALSE(r.code_arg("READ-WRITE").has_value());
  ASSERT_TRUE(parse_tagged("a3 no [TRYCREATE] Mailbox doesn't exist", tag, r));
  EXPECT_EQ(r.st, response::status::no);
  EXPECT_EQ(r.code_arg("TRYCREATE").value_or("?"), "");
  EXPECT_FALSE(parse_tagged("* 3 EXISTS", tag, r));
  EXPECT_FALSE(parse_tagged("+ idling", tag, r));
}

TEST(response, not_supported_is_recognised_from_both_servers) {
  std::string tag;
  response r;
  // Cairn today.
  ASSERT_TRUE(parse_tagged("a5 BAD Unknown command STORE", tag, r));
  EXPECT_TRUE(r.unsupported());
  ASSERT_TRUE(parse_tagged("a6 BAD FETCH BODY[HEADER.FIELDS (FROM)] is not supported yet", tag, r));
  EXPECT_TRUE(r.unsupported());
  // Dovecot.
  ASSERT_TRUE(parse_tagged("a7 BAD Error in IMAP command XYZZY: Unknown command.", tag, r));
  EXPECT_TRUE(r.unsupported());
  // Ordinary failures are not "not supported".
  ASSERT_TRUE(parse_tagged("a8 NO [NONEXISTENT] Mailbox doesn't exist", tag, r));
  EXPECT_FALSE(r.unsupported());
  ASSERT_TRUE(parse_tagged("a9 OK Unknown command?", tag, r));
  EXPECT_FALSE(r.unsupported());  // an OK is never a refusal
}

TEST(mailgen, deterministic_crlf_and_bounded) {
  mail_spec spec;
  spec.seed = 7;
  spec.count = 300;
  std::set<std::size_t> sizes;
  for (std::uint64_t i = 0; i < 300; ++i) {
    const std::string m = generate_message(spec, i);
    ASSERT_EQ(m, generate_message(spec, i)) << "message " << i << " is not deterministic";
    ASSERT_GE(m.size(), 1000u);
    ASSERT_LE(m.size(), 5u * 1024 * 1024 + 64 * 1024);
    // Every LF is preceded by CR, and no line passes RFC 5322's 998 octets.
    std::size_t line = 0;
    for (std::size_t k = 0; k < m.size(); ++k) {
      if (m[k] == '\n') {
        ASSERT_TRUE(k > 0 && m[k - 1] == '\r') << "bare LF in message " << i;
        line = 0;
      } else {
        ASSERT_LE(++line, 1000u) << "long line in message " << i;
      }
    }
    ASSERT_NE(m.find("\r\n\r\n"), std::string::npos) << "no header/body separator in message " << i;
    // The size aimed at is reached within a few kilobytes (headers and MIME
    // framing are estimated).
    const double target = static_cast<double>(target_size(spec, i));
    EXPECT_LT(std::abs(static_cast<double>(m.size()) - target), std::max(6000.0, 0.1 * target)) << "message " << i;
    sizes.insert(m.size());
  }
  EXPECT_GT(sizes.size(), 250u);  // not one message repeated
  mail_spec other = spec;
  other.seed = 8;
  EXPECT_NE(generate_message(spec, 1), generate_message(other, 1));
}

TEST(mailgen, flags_and_dates_look_like_imap) {
  mail_spec spec;
  spec.count = 50;
  for (std::uint64_t i = 0; i < 50; ++i) {
    const std::string f = append_flags(spec, i);
    ASSERT_EQ(f.front(), '(');
    ASSERT_EQ(f.back(), ')');
    const std::string d = internal_date(spec, i);
    // "dd-Mon-yyyy hh:mm:ss +zzzz"
    ASSERT_EQ(d.size(), 26u) << d;
    ASSERT_EQ(d[2], '-');
    ASSERT_EQ(d[6], '-');
    ASSERT_TRUE(d[21] == '+' || d[21] == '-') << d;
  }
}

}  // namespace
}  // namespace bench
