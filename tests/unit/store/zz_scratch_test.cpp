#include <gtest/gtest.h>
#include <chrono>
#include "store/search.hpp"
#include "store_fixture.hpp"
namespace cairn::store::testing {
class scratch : public store_test { protected: void customize(embedded_options& o) override { o.background_indexing = false; } };
TEST_F(scratch, Timing) {
  auto box = make_box("INBOX");
  std::string body;
  for (int i = 0; i < 300; ++i) body += "word" + std::to_string(i % 50) + " ";
  int n = std::getenv("N") ? std::atoi(std::getenv("N")) : 500;
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> msgs;
  for (int i = 0; i < n; ++i) msgs.push_back("From: \"Some Person\" <person" + std::to_string(i % 300) + "@example.org>\r\nSubject: subject " + std::to_string(i) + " here\r\n\r\n" + body + "\r\n");
  for (int i = 0; i < n; i += 250) {
    std::vector<incoming_message> in;
    for (int j = i; j < std::min(n, i + 250); ++j) in.push_back({msgs[j], {}, {1700000000, 0}});
    ASSERT_TRUE(ingest(*acct_, box, in));
  }
  auto t1 = std::chrono::steady_clock::now();
  printf("ingest %d: %.1f ms\n", n, std::chrono::duration<double, std::milli>(t1 - t0).count());
  search_key k; k.k = search_key::kind::from; k.text = "person17@";
  for (int r = 0; r < 5; ++r) {
    auto t2 = std::chrono::steady_clock::now();
    auto res = acct_->search(box, k, {});
    auto t3 = std::chrono::steady_clock::now();
    printf("FROM: %zu hits %.2f ms\n", res->uids.size(), std::chrono::duration<double, std::milli>(t3 - t2).count());
  }
  search_key u; u.k = search_key::kind::not_; search_key s; s.k = search_key::kind::flag; s.number = 1; u.children.push_back(s);
  for (int r = 0; r < 3; ++r) {
    auto t2 = std::chrono::steady_clock::now();
    auto res = acct_->search(box, u, {});
    auto t3 = std::chrono::steady_clock::now();
    printf("UNSEEN: %zu hits %.2f ms\n", res->uids.size(), std::chrono::duration<double, std::milli>(t3 - t2).count());
  }
}
}
