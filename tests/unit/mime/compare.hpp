#pragma once
// Runs Cairn's answer for every item of an expectation file and reports the
// items whose answer differs from Dovecot's (by meaning, see parse_imap).
#include <string>
#include <vector>

#include "test_support.hpp"

namespace cairn::mime::test {

struct mismatch {
  std::string item;
  std::string expected;
  std::string got;
};

// `raw` is the message as the corpus has it; it is stored (and parsed) the
// way the ingest path stores it: with CRLF line endings.
std::vector<mismatch> compare_with_expected(const std::string& raw,
                                            const std::vector<expected_item>& items);

}  // namespace cairn::mime::test
