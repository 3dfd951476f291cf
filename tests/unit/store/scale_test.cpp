// Scale check, disabled by default (a measurement, not a timed test): run
// with --gtest_also_run_disabled_tests --gtest_filter='*Scale*'.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "store_fixture.hpp"

namespace cairn::store::testing {

TEST_F(store_test, DISABLED_ScaleHundredThousandMessages) {
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  auto box = make_box("Big");
  auto ref = acct_->put_blob("Subject: x\r\n\r\nbody\r\n");
  ASSERT_TRUE(ref);
  auto t0 = clock::now();
  for (int chunk = 0; chunk < 10; ++chunk) {
    std::vector<new_message> batch;
    for (int i = 0; i < 10000; ++i)
      batch.push_back({*ref, with(i % 3 ? flag_seen : 0, i % 7 ? std::vector<std::string>{} : std::vector<std::string>{"$Label1"}), {}, ""});
    ASSERT_TRUE(acct_->append(box, batch));
  }
  auto t1 = clock::now();
  auto all = acct_->messages(box);
  auto t2 = clock::now();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 100000u);
  auto counts = acct_->counts(box);
  auto t3 = clock::now();
  ASSERT_TRUE(counts);
  ASSERT_TRUE(acct_->store_flags(box, {50000}, flag_op::add, with(flag_flagged)));
  auto t4 = clock::now();
  auto ch = acct_->changes_since(box, all->back().modseq);
  auto t5 = clock::now();
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->changed.size(), 1u);
  std::cout << "[ scale ] append 100k (10 calls): " << ms(t1 - t0) << " ms; messages(): " << ms(t2 - t1)
            << " ms; counts(): " << ms(t3 - t2) << " ms; store 1: " << ms(t4 - t3)
            << " ms; changes_since (1 changed): " << ms(t5 - t4) << " ms\n";
}

}  // namespace cairn::store::testing
