#include "auth/throttle.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace cairn::auth;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

struct manual_clock {
  std::chrono::steady_clock::time_point t{};
  throttle::clock_fn fn() {
    return [this] { return t; };
  }
};

}  // namespace

TEST(auth_throttle, NoFailuresNoDelay) {
  throttle th;
  EXPECT_EQ(th.delay_for("192.0.2.1"), 0ms);
  th.record_success("192.0.2.1");
  EXPECT_EQ(th.delay_for("192.0.2.1"), 0ms);
  EXPECT_EQ(th.size(), 0u);
}

TEST(auth_throttle, DoublesToTheCap) {
  manual_clock c;
  throttle th({}, c.fn());  // defaults: 250 ms doubling to 15 s
  const milliseconds expected[] = {250ms, 500ms, 1000ms, 2000ms, 4000ms, 8000ms, 15000ms, 15000ms};
  for (auto e : expected) {
    EXPECT_EQ(th.record_failure("192.0.2.1"), e);
    EXPECT_EQ(th.delay_for("192.0.2.1"), e);
  }
  for (int i = 0; i < 200; ++i) th.record_failure("192.0.2.1");  // no overflow
  EXPECT_EQ(th.delay_for("192.0.2.1"), 15000ms);
}

TEST(auth_throttle, PerAddressNotGlobal) {
  manual_clock c;
  throttle th({}, c.fn());
  th.record_failure("192.0.2.1");
  th.record_failure("192.0.2.1");
  EXPECT_EQ(th.delay_for("192.0.2.1"), 500ms);
  EXPECT_EQ(th.delay_for("192.0.2.2"), 0ms);
  // Spellings of one address share one entry.
  EXPECT_EQ(th.delay_for("::ffff:192.0.2.1"), 500ms);
  EXPECT_EQ(th.delay_for("[::ffff:192.0.2.1]"), 500ms);
}

TEST(auth_throttle, Ipv6GroupedBySlash64) {
  manual_clock c;
  throttle th({}, c.fn());
  th.record_failure("2001:db8:1:2::1");
  EXPECT_EQ(th.delay_for("2001:db8:1:2:ffff:ffff:ffff:ffff"), 250ms);
  EXPECT_EQ(th.delay_for("2001:db8:1:3::1"), 0ms);

  throttle_options exact;
  exact.ipv6_prefix = 128;
  throttle th2(exact, c.fn());
  th2.record_failure("2001:db8:1:2::1");
  EXPECT_EQ(th2.delay_for("2001:db8:1:2::1"), 250ms);
  EXPECT_EQ(th2.delay_for("2001:db8:1:2::2"), 0ms);
}

TEST(auth_throttle, SuccessResets) {
  manual_clock c;
  throttle th({}, c.fn());
  for (int i = 0; i < 5; ++i) th.record_failure("192.0.2.1");
  th.record_success("192.0.2.1");
  EXPECT_EQ(th.delay_for("192.0.2.1"), 0ms);
  EXPECT_EQ(th.record_failure("192.0.2.1"), 250ms);
}

TEST(auth_throttle, SuccessTakesBackOnlyThatNamesFailures) {
  manual_clock c;
  throttle th({}, c.fn());
  // The typo case: alice mistypes twice, then gets it right.
  th.record_failure("192.0.2.1", "alice");
  th.record_failure("192.0.2.1", "alice");
  th.record_success("192.0.2.1", "alice");
  EXPECT_EQ(th.delay_for("192.0.2.1"), 0ms);
  EXPECT_EQ(th.size(), 0u);
  // The guesser with an account of their own: guesses at alice, logs in
  // as mallory; the penalty stays (issue 11).
  for (int i = 0; i < 4; ++i) th.record_failure("192.0.2.2", "alice");
  th.record_success("192.0.2.2", "mallory");
  EXPECT_EQ(th.delay_for("192.0.2.2"), 2000ms);
  // ... even after failing as mallory too before the success.
  th.record_failure("192.0.2.2", "mallory");
  th.record_success("192.0.2.2", "mallory");
  EXPECT_EQ(th.delay_for("192.0.2.2"), 2000ms);
  // Names past the tracked few stay until the quiet period.
  for (int i = 0; i < 10; ++i) th.record_failure("192.0.2.3", "user" + std::to_string(i));
  for (int i = 0; i < 10; ++i) th.record_success("192.0.2.3", "user" + std::to_string(i));
  EXPECT_GT(th.delay_for("192.0.2.3"), 0ms);
}

TEST(auth_throttle, QuietPeriodForgets) {
  manual_clock c;
  throttle_options o;
  o.forget_after = 600s;
  throttle th(o, c.fn());
  for (int i = 0; i < 5; ++i) th.record_failure("192.0.2.1");
  c.t += 599s;
  EXPECT_EQ(th.delay_for("192.0.2.1"), 4000ms);
  // A failure restarts the quiet period.
  EXPECT_EQ(th.record_failure("192.0.2.1"), 8000ms);
  c.t += 599s;
  EXPECT_EQ(th.delay_for("192.0.2.1"), 8000ms);
  c.t += 1s;
  EXPECT_EQ(th.delay_for("192.0.2.1"), 0ms);
  // And the next failure starts from the beginning.
  EXPECT_EQ(th.record_failure("192.0.2.1"), 250ms);
}

TEST(auth_throttle, BoundedOldestFirst) {
  manual_clock c;
  throttle_options o;
  o.max_addresses = 3;
  throttle th(o, c.fn());
  th.record_failure("192.0.2.1");
  c.t += 1s;
  th.record_failure("192.0.2.2");
  c.t += 1s;
  th.record_failure("192.0.2.3");
  c.t += 1s;
  th.record_failure("192.0.2.1");  // .1 is now the most recent
  th.record_failure("192.0.2.4");  // evicts .2, the oldest failure
  EXPECT_EQ(th.size(), 3u);
  EXPECT_EQ(th.delay_for("192.0.2.1"), 500ms);
  EXPECT_EQ(th.delay_for("192.0.2.2"), 0ms);
  EXPECT_EQ(th.delay_for("192.0.2.3"), 250ms);
  EXPECT_EQ(th.delay_for("192.0.2.4"), 250ms);
  // A flood of addresses keeps the table at its cap.
  for (int i = 0; i < 1000; ++i) th.record_failure("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  EXPECT_EQ(th.size(), 3u);
}

TEST(auth_throttle, ExpiredEntriesMakeRoom) {
  manual_clock c;
  throttle_options o;
  o.max_addresses = 100;
  o.forget_after = 10s;
  throttle th(o, c.fn());
  for (int i = 0; i < 50; ++i) th.record_failure("10.0.0." + std::to_string(i));
  c.t += 10s;
  th.record_failure("192.0.2.1");
  EXPECT_EQ(th.size(), 1u);
}

TEST(auth_throttle, CustomDelays) {
  manual_clock c;
  throttle_options o;
  o.initial = 100ms;
  o.max = 300ms;
  throttle th(o, c.fn());
  EXPECT_EQ(th.record_failure("x"), 100ms);
  EXPECT_EQ(th.record_failure("x"), 200ms);
  EXPECT_EQ(th.record_failure("x"), 300ms);
  EXPECT_EQ(th.record_failure("x"), 300ms);
}

TEST(auth_throttle, ConcurrentUse) {
  // For TSan.
  throttle th;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        std::string a = "10.0." + std::to_string(t) + "." + std::to_string(i % 20);
        th.record_failure(a);
        (void)th.delay_for(a);
        if (i % 7 == 0) th.record_success(a);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_LE(th.size(), 80u);
}
