#include "auth/conn_limits.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace cairn;
using namespace cairn::auth;

TEST(auth_conn_limits, PerUserAndAddressCap) {
  conn_limits cl({3, 0});
  std::vector<conn_limits::ticket> held;
  for (int i = 0; i < 3; ++i) {
    auto t = cl.try_acquire("alice", "192.0.2.1");
    ASSERT_TRUE(t);
    held.push_back(std::move(*t));
  }
  auto over = cl.try_acquire("alice", "192.0.2.1");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(), errc::limit);
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), 3u);
  // Other addresses and other accounts are not affected.
  EXPECT_TRUE(cl.try_acquire("alice", "192.0.2.2"));
  EXPECT_TRUE(cl.try_acquire("bob", "192.0.2.1"));
  // Another spelling of the same address is the same address.
  EXPECT_FALSE(cl.try_acquire("alice", "::ffff:192.0.2.1"));
  // Releasing one gives one place back.
  held.pop_back();
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), 2u);
  EXPECT_TRUE(cl.try_acquire("alice", "192.0.2.1"));
}

TEST(auth_conn_limits, DefaultsFromLimits) {
  conn_limits cl;
  std::vector<conn_limits::ticket> held;
  for (int i = 0; i < 50; ++i) {
    auto t = cl.try_acquire("alice", "192.0.2.1");
    ASSERT_TRUE(t) << i;
    held.push_back(std::move(*t));
  }
  EXPECT_EQ(cl.try_acquire("alice", "192.0.2.1").error(), errc::limit);
  // No cap per address by default: many users behind one NAT.
  for (int i = 0; i < 200; ++i) {
    auto t = cl.try_acquire("user" + std::to_string(i), "192.0.2.1");
    ASSERT_TRUE(t);
    held.push_back(std::move(*t));
  }
  EXPECT_EQ(cl.count("192.0.2.1"), 250u);
}

TEST(auth_conn_limits, PerAddressCap) {
  conn_limits cl({0, 2});
  auto a = cl.try_acquire("alice", "2001:db8::1");
  auto b = cl.try_acquire("bob", "2001:DB8:0::1");
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(cl.count("2001:db8::1"), 2u);
  EXPECT_EQ(cl.try_acquire("carol", "2001:db8::1").error(), errc::limit);
  // A refused attempt holds nothing.
  EXPECT_EQ(cl.count("carol", "2001:db8::1"), 0u);
  EXPECT_TRUE(cl.try_acquire("carol", "2001:db8::2"));
}

TEST(auth_conn_limits, TicketRaii) {
  conn_limits cl({1, 0});
  {
    auto t = cl.try_acquire("alice", "192.0.2.1");
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->held());
    // Moving keeps one place, not two.
    conn_limits::ticket moved = std::move(*t);
    EXPECT_FALSE(t->held());
    EXPECT_TRUE(moved.held());
    EXPECT_EQ(cl.count("alice", "192.0.2.1"), 1u);
    conn_limits::ticket assigned;
    assigned = std::move(moved);
    EXPECT_EQ(cl.count("alice", "192.0.2.1"), 1u);
    assigned.release();
    assigned.release();  // idempotent
    EXPECT_EQ(cl.count("alice", "192.0.2.1"), 0u);
    EXPECT_EQ(cl.count("192.0.2.1"), 0u);
  }
  auto again = cl.try_acquire("alice", "192.0.2.1");
  ASSERT_TRUE(again);
  // Move-assigning over a held ticket releases the old place.
  auto other = cl.try_acquire("bob", "192.0.2.1");
  ASSERT_TRUE(other);
  *again = std::move(*other);
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), 0u);
  EXPECT_EQ(cl.count("bob", "192.0.2.1"), 1u);
}

TEST(auth_conn_limits, TicketMayOutliveLimits) {
  conn_limits::ticket t;
  {
    conn_limits cl;
    auto r = cl.try_acquire("alice", "192.0.2.1");
    ASSERT_TRUE(r);
    t = std::move(*r);
  }
  t.release();  // no use-after-free (ASan)
}

TEST(auth_conn_limits, NewCapsApplyToNewSessions) {
  conn_limits cl({2, 0});
  auto a = cl.try_acquire("alice", "192.0.2.1");
  auto b = cl.try_acquire("alice", "192.0.2.1");
  ASSERT_TRUE(a && b);
  cl.set_caps({1, 0});
  EXPECT_EQ(cl.try_acquire("alice", "192.0.2.1").error(), errc::limit);
  EXPECT_TRUE(a->held());
  cl.set_caps({0, 0});
  EXPECT_TRUE(cl.try_acquire("alice", "192.0.2.1"));
}

TEST(auth_conn_limits, ConcurrentAcquireNeverPassesTheCap) {
  conn_limits cl({10, 0});
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  std::mutex m;
  std::vector<conn_limits::ticket> held;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto r = cl.try_acquire("alice", "192.0.2.1");
        if (!r) continue;
        ++granted;
        if (i % 2 == 0) {
          std::lock_guard lock(m);
          held.push_back(std::move(*r));
        }
        EXPECT_LE(cl.count("alice", "192.0.2.1"), 10u);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_LE(held.size(), 10u);
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), held.size());
  held.clear();
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), 0u);
}

TEST(auth_conn_limits, AddressTicketsAtConnectAccountTicketsAtLogin) {
  // An IMAP session takes the address's place at connect and the
  // account's at login (issue 11: connections that never log in count).
  conn_limits cl({2, 3});
  auto a1 = cl.try_acquire_address("192.0.2.1");
  auto a2 = cl.try_acquire_address("192.0.2.1");
  auto a3 = cl.try_acquire_address("::ffff:192.0.2.1");
  ASSERT_TRUE(a1 && a2 && a3);
  EXPECT_EQ(cl.try_acquire_address("192.0.2.1").error(), cairn::errc::limit);
  EXPECT_TRUE(cl.try_acquire_address("192.0.2.2"));  // another address
  EXPECT_EQ(cl.count("192.0.2.1"), 3u);
  // Logins of those sessions count per account only.
  auto u1 = cl.try_acquire_account("alice", "192.0.2.1");
  auto u2 = cl.try_acquire_account("alice", "192.0.2.1");
  ASSERT_TRUE(u1 && u2);
  EXPECT_EQ(cl.try_acquire_account("alice", "192.0.2.1").error(), cairn::errc::limit);
  EXPECT_TRUE(cl.try_acquire_account("bob", "192.0.2.1"));
  EXPECT_EQ(cl.count("192.0.2.1"), 3u);
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), 2u);
  // Places come back with the tickets, each to its own count.
  a1->release();
  EXPECT_EQ(cl.count("192.0.2.1"), 2u);
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), 2u);
  u1->release();
  EXPECT_EQ(cl.count("alice", "192.0.2.1"), 1u);
  EXPECT_TRUE(cl.try_acquire_address("192.0.2.1"));
}
