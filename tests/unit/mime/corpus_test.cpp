// Every message of the shared corpus and of tests/data/mime: parses without
// crash, the tree holds together, the stored form round-trips, and every
// answer matches Dovecot's expectation file except the deliberate
// differences listed (with their reasons) in docs/mime.md.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "compare.hpp"
#include "mime/message.hpp"
#include "mime/structure.hpp"
#include "test_support.hpp"

namespace cairn::mime::test {
namespace {

namespace fs = std::filesystem;

struct corpus_message {
  fs::path file;
  fs::path expected;  // may not exist
};

std::vector<corpus_message> all_messages() {
  std::vector<corpus_message> out;
  fs::path shared = shared_corpus();
  if (!shared.empty()) {
    std::ifstream idx(shared / "INDEX.tsv");
    std::string line;
    std::getline(idx, line);  // header
    while (std::getline(idx, line)) {
      std::string rel = line.substr(0, line.find('\t'));
      out.push_back({shared / rel, test_data() / "mime-shared" / (rel + ".expected")});
    }
  }
  fs::path own = test_data() / "mime";
  if (fs::exists(own)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(own))
      if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back({f, fs::path(f).replace_extension(".expected")});
  }
  return out;
}

void check_invariants(const std::string& raw, const message& m, const std::string& name) {
  ASSERT_FALSE(m.parts.empty()) << name;
  const cairn::limits lim;
  EXPECT_LE(m.parts.size(), std::size_t{lim.mime_parts} + 1) << name;
  EXPECT_EQ(m.parts[0].header_start, 0u) << name;
  EXPECT_EQ(m.parts[0].body_end, raw.size()) << name;
  for (std::size_t i = 0; i < m.parts.size(); ++i) {
    const part& p = m.parts[i];
    EXPECT_LE(p.header_start, p.body_start) << name << " part " << i;
    EXPECT_LE(p.body_start, p.body_end) << name << " part " << i;
    EXPECT_LE(p.body_end, raw.size()) << name << " part " << i;
    EXPECT_LT(p.depth, lim.nesting) << name;
    if (p.parent != part::npos) {
      const part& par = m.parts[p.parent];
      EXPECT_LT(p.parent, i) << name;
      EXPECT_GE(p.header_start, par.body_start) << name << " part " << i;
      EXPECT_LE(p.body_end, par.body_end) << name << " part " << i;
    }
    if (p.is(flag_message_rfc822)) {
      EXPECT_LE(p.children.size(), 1u) << name;
    }
  }
  structure s = structure::from(m);
  std::string enc = s.encode();
  auto d = structure::decode(enc);
  ASSERT_TRUE(d.ok()) << name;
  EXPECT_EQ(d->encode(), enc) << name;
  EXPECT_EQ(d->parts().size(), m.parts.size()) << name;
}

TEST(mime_corpus, every_message_parses_and_holds_together) {
  auto msgs = all_messages();
  ASSERT_GE(msgs.size(), 60u) << "corpus not found";
  for (const auto& cm : msgs) {
    std::string raw = read_file(cm.file);
    // As stored (CRLF) and as it came (any line endings).
    check_invariants(normalize_crlf(raw), parse(normalize_crlf(raw)), cm.file.string());
    check_invariants(raw, parse(raw), cm.file.string() + " (raw)");
  }
}

// tests/data/mime-differences.tsv: message, item, reason. Every listed
// difference must still occur (a stale entry fails too), so the list stays
// exactly what docs/mime.md explains.
std::map<std::pair<std::string, std::string>, std::string> allowed_differences() {
  std::map<std::pair<std::string, std::string>, std::string> out;
  std::ifstream in(test_data() / "mime-differences.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    out[{line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1)}] = line.substr(t2 + 1);
  }
  return out;
}

std::string corpus_key(const fs::path& file) {
  fs::path shared = shared_corpus();
  std::string f = file.string();
  if (!shared.empty() && f.rfind(shared.string() + "/", 0) == 0)
    return "shared:" + f.substr(shared.string().size() + 1);
  return "mime/" + file.filename().string();
}

TEST(mime_corpus, answers_match_dovecot) {
  auto msgs = all_messages();
  auto allowed = allowed_differences();
  std::set<std::pair<std::string, std::string>> seen;
  std::size_t files = 0, items = 0, listed = 0;
  for (const auto& cm : msgs) {
    if (!fs::exists(cm.expected)) continue;
    ++files;
    auto exp = read_expected(cm.expected);
    items += exp.size();
    std::string key = corpus_key(cm.file);
    for (const auto& d : compare_with_expected(read_file(cm.file), exp)) {
      auto it = allowed.find({key, d.item});
      if (it != allowed.end()) {
        seen.insert(it->first);
        ++listed;
        continue;
      }
      ADD_FAILURE() << key << "\n  item " << d.item << "\n  dovecot: " << d.expected
                    << "\n  cairn:   " << d.got;
    }
  }
  for (const auto& [k, reason] : allowed) {
    // Entries of the shared corpus only count where that corpus is present.
    if (k.first.rfind("shared:", 0) == 0 && shared_corpus().empty()) continue;
    EXPECT_TRUE(seen.count(k)) << "stale entry in mime-differences.tsv: " << k.first << " " << k.second;
  }
  std::cout << "compared " << items << " answers of " << files << " messages with Dovecot's; "
            << listed << " listed differences\n";
  EXPECT_GT(files, 0u);
}

}  // namespace
}  // namespace cairn::mime::test
